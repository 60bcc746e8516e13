import { demoManifestsDir } from '@openchoreo-workflows/local-control-plane';
import {
  demoWorkflowObjects,
  loadYamlDocuments,
} from '@openchoreo-workflows/openchoreo-stack';
import fs from 'node:fs';
import path from 'node:path';

/** What a run of a case ends as on the real stack, launched through our API. */
export type Outcome =
  | { phase: 'Succeeded' | 'Failed' }
  /**
   * OpenChoreo cannot render it: the run stays Pending and its controller only
   * logs the error. `asComponentBuild`: it runs when created as a component's
   * build is (OpenChoreo's project and component labels).
   */
  | { renderError: RegExp; asComponentBuild?: boolean };

/** One workflow to discover, preview, launch and follow on the real stack. */
export interface StackCase {
  /** Where it comes from, e.g. `sample workflows/github-stats-report`. */
  id: string;
  workflow: { kind: 'Workflow' | 'ClusterWorkflow'; name: string };
  /** The parameters a user enters: the sample's or the demo's own run's. */
  parameters: Record<string, unknown>;
  outcome: Outcome;
}

/** Objects to create before the backend starts: templates first, then workflows. */
export interface CaseSet {
  objects: any[];
  cases: StackCase[];
}

const isWorkflow = (d: any) =>
  d?.kind === 'Workflow' || d?.kind === 'ClusterWorkflow';
const isTemplate = (d: any) => d?.kind === 'ClusterWorkflowTemplate';

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? yamlFiles(path.join(dir, e.name))
        : [path.join(dir, e.name)],
    )
    .filter(f => /\.ya?ml$/.test(f) && !f.endsWith('.spectral.yaml'))
    .sort();
}

/** The run parameters a WorkflowRun document gives a workflow, if any. */
function runParameters(docs: any[], name: string) {
  return docs.find(
    d => d?.kind === 'WorkflowRun' && d.spec?.workflow?.name === name,
  )?.spec.workflow.parameters;
}

/**
 * The local control plane's v1.x demo workflows (`manifests/*-v1.yaml`), each
 * with the parameters of its run in `90-history-runs.yaml`.
 */
export function demoCases(outcomes: Record<string, Outcome>): CaseSet {
  const runs = loadYamlDocuments(
    path.join(demoManifestsDir(), '90-history-runs.yaml'),
  );
  const objects = demoWorkflowObjects();
  return {
    objects,
    cases: objects.filter(isWorkflow).map(w => ({
      id: `demo ${w.metadata.name}`,
      workflow: { kind: w.kind, name: w.metadata.name },
      parameters: runParameters(runs, w.metadata.name) ?? {},
      outcome: outcomeOf(outcomes, `demo ${w.metadata.name}`),
    })),
  };
}

/**
 * OpenChoreo's own samples, read from its module at run time:
 * `samples/workflows/**` and `samples/getting-started/ci-workflows/*` (with the
 * ClusterWorkflowTemplates of `samples/getting-started/workflow-templates`
 * they call, the k3d variants left out as they reuse the same names). Each
 * workflow runs with its sample run's parameters, else with `fallback`.
 */
export function sampleCases(
  moduleDir: string,
  outcomes: Record<string, Outcome>,
  fallback: Record<string, Record<string, unknown>>,
): CaseSet {
  const samples = path.join(moduleDir, 'samples');
  const templates = yamlFiles(
    path.join(samples, 'getting-started', 'workflow-templates'),
  )
    .filter(f => !f.endsWith('-k3d.yaml'))
    .flatMap(loadYamlDocuments)
    .filter(isTemplate);
  const objects: any[] = [...templates];
  const cases: StackCase[] = [];
  const dirs = [
    ...fs
      .readdirSync(path.join(samples, 'workflows'), { withFileTypes: true })
      .filter(e => e.isDirectory())
      .map(e => path.join(samples, 'workflows', e.name)),
    path.join(samples, 'getting-started', 'ci-workflows'),
  ];
  for (const dir of dirs) {
    const docs = yamlFiles(dir).flatMap(loadYamlDocuments);
    objects.unshift(...docs.filter(isTemplate));
    for (const w of docs.filter(isWorkflow)) {
      const id = `sample ${path.relative(samples, dir)}/${w.metadata.name}`;
      objects.push(w);
      cases.push({
        id,
        workflow: { kind: w.kind, name: w.metadata.name },
        parameters:
          runParameters(docs, w.metadata.name) ?? fallback[w.metadata.name],
        outcome: outcomeOf(outcomes, id),
      });
    }
  }
  return { objects, cases };
}

function outcomeOf(outcomes: Record<string, Outcome>, id: string): Outcome {
  const outcome = outcomes[id];
  if (!outcome)
    throw new Error(
      `no expected outcome for ${id}: add it to the test's table`,
    );
  return outcome;
}

/**
 * A minimal CustomResourceDefinition for External Secrets' ExternalSecret
 * (external-secrets.io/v1), which OpenChoreo's CI samples render as
 * `resources[]`: schemaless, as the stack has no External Secrets operator.
 */
export const EXTERNAL_SECRET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'externalsecrets.external-secrets.io' },
  spec: {
    group: 'external-secrets.io',
    scope: 'Namespaced',
    names: {
      kind: 'ExternalSecret',
      listKind: 'ExternalSecretList',
      plural: 'externalsecrets',
      singular: 'externalsecret',
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    ],
  },
};

/** A workflow under another name, changed by `change` (e.g. slow steps, a short TTL). */
export function variantOf(base: any, name: string, change: (w: any) => void) {
  const copy = structuredClone(base);
  copy.metadata = { name, annotations: base.metadata.annotations };
  change(copy);
  return copy;
}
