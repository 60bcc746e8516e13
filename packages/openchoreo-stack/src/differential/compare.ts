/*
 * Compares our evaluation of a case with OpenChoreo's (the oracle): schema,
 * defaulted parameters with their Go number types, and the rendered objects
 * after the controller's last steps, or the same error class.
 */
import {
  buildParameterSchema,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { OracleResult } from '../oracle/OpenChoreoOracle';
import { DiffCase } from './caseArbitrary';
import { errorClass } from './errorClasses';
import { OurSide } from './ourSide';
import { Json } from './schemaArbitraries';

/** One way the two sides differ: the aspect compared and what differs. */
export interface Difference {
  aspect:
    | 'schema'
    | 'parameters'
    | 'parameter-types'
    | 'render'
    | 'error-class';
  detail: string;
}

export interface Comparison {
  /** Our validation refused the parameters (no run would be created): only schema and defaults compared. */
  refused: boolean;
  differences: Difference[];
  ourErrorClass?: string;
  theirErrorClass?: string;
}

const isMap = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  const text = JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** The first place where `a` (ours) and `b` (theirs) differ, or undefined. Key order does not matter. */
export function firstDifference(
  a: unknown,
  b: unknown,
  path = '',
): string | undefined {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length)
      return `${path || '/'}: ours ${show(a)}, OpenChoreo ${show(b)}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  if (isMap(a) && isMap(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      const d = firstDifference(a[k], b[k], `${path}/${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return `${path || '/'}: ours ${show(a)}, OpenChoreo ${show(b)}`;
}

const OWNERSHIP_LABELS = (c: DiffCase) => ({
  'openchoreo.dev/workflowrun': c.context.runName,
  'openchoreo.dev/workflowrun-namespace': c.context.namespace,
  'openchoreo.dev/managed-by': 'workflowrun-controller',
});

/**
 * The ownership labels the controller adds before it applies an object
 * (internal/controller/workflowrun/controller.go:335-348 for the run resource
 * outside the run's namespace, :403-411 for every resource); the oracle stops
 * before that step.
 */
function withOwnershipLabels(object: Json, c: DiffCase): Json {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  const labels = isMap(metadata.labels) ? metadata.labels : {};
  return {
    ...object,
    metadata: { ...metadata, labels: { ...labels, ...OWNERSHIP_LABELS(c) } },
  };
}

function theirRendered(c: DiffCase, theirs: OracleResult) {
  const rendered = theirs.rendered!;
  const run = rendered.resource as Json;
  const runNamespace = (run.metadata as Json | undefined)?.namespace;
  return {
    run:
      runNamespace === c.context.namespace || !runNamespace
        ? run
        : withOwnershipLabels(run, c),
    resources: rendered.resources.map(r => ({
      id: r.id,
      object: withOwnershipLabels(r.resource, c),
    })),
  };
}

function compareSchema(c: DiffCase, theirs: OracleResult, out: Difference[]) {
  const ours = buildParameterSchema(c.workflow as unknown as WorkflowResource);
  if (theirs.errorStage === 'schema') {
    if (ours.errors.length === 0)
      out.push({
        aspect: 'schema',
        detail: `OpenChoreo rejects the schema (${theirs.error}), ours accepts it`,
      });
    return;
  }
  if (ours.errors.length > 0) {
    out.push({
      aspect: 'schema',
      detail: `ours rejects the schema (${ours.errors[0].path}: ${ours.errors[0].message}), OpenChoreo accepts it`,
    });
    return;
  }
  const d = firstDifference(ours.openAPIV3Schema, theirs.schema);
  if (d) out.push({ aspect: 'schema', detail: d });
}

function compareRender(
  c: DiffCase,
  ours: OurSide,
  theirs: OracleResult,
  out: Difference[],
  cmp: Comparison,
) {
  const renderError = ours.result.renderError;
  if (theirs.error) {
    cmp.theirErrorClass = errorClass(theirs.error);
    if (!renderError) {
      out.push({
        aspect: 'render',
        detail: `OpenChoreo fails (${theirs.error}), ours renders`,
      });
      return;
    }
    cmp.ourErrorClass = errorClass(renderError.message);
    if (cmp.ourErrorClass !== cmp.theirErrorClass) {
      out.push({
        aspect: 'error-class',
        detail: `ours ${cmp.ourErrorClass} (${renderError.message}), OpenChoreo ${cmp.theirErrorClass} (${theirs.error})`,
      });
    }
    return;
  }
  if (renderError) {
    cmp.ourErrorClass = errorClass(renderError.message);
    out.push({
      aspect: 'render',
      detail: `ours fails (${renderError.message}), OpenChoreo renders`,
    });
    return;
  }
  const expected = theirRendered(c, theirs);
  const actual = {
    run: ours.result.rendered!.run,
    resources: ours.result.rendered!.resources.map(r => ({
      id: r.id,
      object: r.object,
    })),
  };
  const d = firstDifference(actual, expected);
  if (d) out.push({ aspect: 'render', detail: d });
}

/** Everything that differs between our evaluation and OpenChoreo's for one case. */
export function compareCase(
  c: DiffCase,
  ours: OurSide,
  theirs: OracleResult,
): Comparison {
  const differences: Difference[] = [];
  const cmp: Comparison = {
    refused: ours.launchWrites === undefined,
    differences,
  };
  if (theirs.errorStage === 'input' || theirs.errorStage === 'panic') {
    differences.push({
      aspect: 'render',
      detail: `oracle ${theirs.errorStage}: ${theirs.error}`,
    });
    return cmp;
  }
  compareSchema(c, theirs, differences);
  if (theirs.errorStage === 'schema') return cmp;
  const p = firstDifference(ours.result.parameters, theirs.defaultedParameters);
  if (p) differences.push({ aspect: 'parameters', detail: p });
  if (cmp.refused) return cmp;
  const t = firstDifference(ours.parameterTypes, theirs.parameterTypes);
  if (t) differences.push({ aspect: 'parameter-types', detail: t });
  if (c.generation === 'v1') compareRender(c, ours, theirs, differences, cmp);
  return cmp;
}
