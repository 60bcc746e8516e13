import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { WorkflowResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/** A failure the user can fix: printed as is, exit code 1. */
export class CliError extends Error {}

/** Every YAML (or JSON) document of a file, skipping empty ones. */
export function readDocuments(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const docs = parseAllDocuments(text);
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new CliError(`${file}: invalid YAML: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const WORKFLOW_KINDS = ['Workflow', 'ClusterWorkflow'];

function isOpenChoreoWorkflow(doc: unknown): doc is WorkflowResource {
  return (
    isObject(doc) &&
    WORKFLOW_KINDS.includes(doc.kind) &&
    typeof doc.apiVersion === 'string' &&
    doc.apiVersion.startsWith('openchoreo.dev/')
  );
}

/** The Workflow/ClusterWorkflow of a file; `name` is needed only when there are several. */
export function pickWorkflow(
  file: string,
  docs: unknown[],
  name?: string,
): WorkflowResource {
  const workflows = docs.filter(isOpenChoreoWorkflow);
  if (name !== undefined) {
    const found = workflows.find(w => w.metadata?.name === name);
    if (!found) {
      const names = workflows.map(w => w.metadata?.name).join(', ');
      throw new CliError(
        `${file}: no Workflow or ClusterWorkflow named '${name}'${
          names ? ` (found: ${names})` : ''
        }`,
      );
    }
    return found;
  }
  if (workflows.length === 0) {
    throw new CliError(
      `${file}: no openchoreo.dev Workflow or ClusterWorkflow found`,
    );
  }
  if (workflows.length > 1) {
    throw new CliError(
      `${file}: holds several workflows (${workflows
        .map(w => w.metadata?.name)
        .join(', ')}); pick one with --name`,
    );
  }
  return workflows[0];
}

/**
 * The parameters in a PARAMS file (YAML or JSON): a map of values, or a
 * WorkflowRun whose `spec.workflow.parameters` are taken. Empty file = `{}`.
 */
export function readParameters(
  file: string,
  workflowName?: string,
): Record<string, unknown> {
  const docs = readDocuments(file);
  if (docs.length === 0) return {};
  let doc = docs[0];
  if (docs.length > 1) {
    // a multi-document file (e.g. an OpenChoreo sample): take its WorkflowRun
    const runs = docs.filter(
      d =>
        isObject(d) &&
        d.kind === 'WorkflowRun' &&
        (workflowName === undefined || d.spec?.workflow?.name === workflowName),
    );
    if (runs.length !== 1) {
      throw new CliError(
        `${file}: expected one document of parameters or one WorkflowRun, found ${docs.length} documents`,
      );
    }
    doc = runs[0];
  }
  if (!isObject(doc)) {
    throw new CliError(`${file}: parameters must be a map of values`);
  }
  if (doc.kind === 'WorkflowRun' && isObject(doc.spec?.workflow)) {
    const params = doc.spec.workflow.parameters ?? {};
    if (!isObject(params)) {
      throw new CliError(
        `${file}: spec.workflow.parameters must be a map of values`,
      );
    }
    return params;
  }
  return doc;
}
