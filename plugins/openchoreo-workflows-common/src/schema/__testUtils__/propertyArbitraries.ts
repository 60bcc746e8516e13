/* Test-only fast-check helpers shared by the *.property.test.ts files. */
import fc from 'fast-check';
import { loadFixtureDocs, loadLocalFixture } from './fixtures';
import { FieldError } from '../types';
import {
  fieldName,
  openApiNodeOf,
  shorthandFields,
  shorthandString,
} from '../../testUtils/schemaArbitraries';

export { fieldName, shorthandFields, shorthandString };

/** Fixed unless FC_SEED is set; fast-check prints seed and path of a failure. */
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 20261127);

/** Bounded runs: the suite must stay fast on two shared cores. */
export function propertyParams(numRuns: number): fc.Parameters<unknown> {
  return { seed: PROPERTY_SEED, numRuns, endOnFailure: false };
}

/** `types` for the shorthand: a fixed useful core (incl. a cycle) plus random entries. */
export const shorthandTypes: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        shorthandString,
        fc.dictionary(fieldName, shorthandFields, { maxKeys: 2 }),
      )
      .map(([alias, extra]) => ({
        Repo: { url: 'string', branch: 'string | default=main' },
        Cyc: '[]Cyc',
        Alias: alias,
        ...extra,
      })),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

export const openApiNode: fc.Arbitrary<unknown> = openApiNodeOf();

export const openApiSchema: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: openApiNode },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        openApiNode,
        fc.dictionary(
          fc.constantFrom('A', 'B', 'Self', 'C'),
          fc.oneof(openApiNode, fc.constant({ $ref: '#/$defs/Self' })),
          { maxKeys: 4 },
        ),
      )
      .map(([node, defs]) => ({
        type: 'object',
        properties:
          node && typeof node === 'object' && !Array.isArray(node)
            ? { p: node, q: { $ref: '#/$defs/A' } }
            : { p: { type: 'string' } },
        $defs: defs,
      })),
  },
);

/** Any JSON document, and some objects with the keys the fixtures' schemas use. */
export const parameterDocument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
);

/** Replaces one value somewhere in `base` (found by a random path) with `replacement`. */
export function mutateAt(
  base: unknown,
  path: number[],
  replacement: unknown,
): unknown {
  if (path.length === 0 || base === null || typeof base !== 'object')
    return replacement;
  const keys = Object.keys(base as object);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const copy: any = Array.isArray(base) ? [...base] : { ...(base as object) };
  copy[key] = mutateAt((base as any)[key], path.slice(1), replacement);
  return copy;
}

/** The sample parameters with one leaf replaced by a random JSON value (or removed). */
export function mutatedParameters(sample: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 4 }),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
    )
    .map(([path, value]) => mutateAt(sample ?? {}, path, value));
}

export function isFieldErrorList(errors: unknown): errors is FieldError[] {
  return (
    Array.isArray(errors) &&
    errors.every(
      e =>
        e !== null &&
        typeof e === 'object' &&
        Object.keys(e).sort().join(',') === 'message,path' &&
        typeof (e as FieldError).path === 'string' &&
        typeof (e as FieldError).message === 'string' &&
        (e as FieldError).message.length > 0,
    )
  );
}

/** Valid parameters for the samples that come without a WorkflowRun. */
const HAND_WRITTEN_RUNS: Record<string, unknown> = {
  'dockerfile-builder': {
    repository: {
      url: 'https://github.com/openchoreo/sample-workloads',
      secretRef: 'git-creds',
      revision: { branch: 'main' },
    },
    buildArgs: [{ name: 'A', value: '1' }],
  },
  'bulk-gitops-release': {
    scope: { all: false, projectName: 'shop' },
    gitops: {
      repositoryUrl: 'https://github.com/org/gitops',
      deploymentPipeline: 'default',
    },
  },
};

/** Workflows of both generations with a sample run's parameters (may be undefined). */
export function sampleWorkflows(): Array<{
  name: string;
  workflow: any;
  parameters: unknown;
}> {
  const files = [
    'sample-aws-rds-postgres-create.yaml',
    'sample-dockerfile-builder-clusterworkflow.yaml',
    'sample-github-stats-report-clusterworkflow.yaml',
    'sample-scm-github-create-repo.yaml',
    'sample-v0.17-bulk-gitops-release-workflow.yaml',
    'sample-v0.17-github-stats-report-workflow.yaml',
  ];
  const out: Array<{ name: string; workflow: any; parameters: unknown }> = [];
  const runs = files
    .concat('sample-github-stats-report-workflowrun.yaml')
    .flatMap(file => loadFixtureDocs(file))
    .filter(d => d?.kind === 'WorkflowRun');
  for (const file of files) {
    for (const doc of loadFixtureDocs(file)) {
      if (doc?.kind !== 'Workflow' && doc?.kind !== 'ClusterWorkflow') continue;
      const run = runs.find(r => r.spec?.workflow?.name === doc.metadata?.name);
      out.push({
        name: `${file}#${doc.metadata?.name}`,
        workflow: doc,
        parameters:
          run?.spec?.workflow?.parameters ??
          HAND_WRITTEN_RUNS[doc.metadata?.name],
      });
    }
  }
  out.push({
    name: 'seed docker-build',
    workflow: loadLocalFixture('seed-generic-workflow-docker-build.yaml'),
    parameters: loadLocalFixture('seed-generic-workflow-run.yaml')?.spec
      ?.workflow?.parameters,
  });
  return out;
}

/** Paths of objects in a JSON-like tree whose prototype is not Object.prototype/null (e.g. a `__proto__` key assigned). */
export function inheritedObjects(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => inheritedObjects(v, `${path}[${i}]`));
  }
  const proto = Object.getPrototypeOf(value);
  const own = proto === Object.prototype || proto === null ? [] : [path];
  return own.concat(
    Object.entries(value).flatMap(([k, v]) =>
      inheritedObjects(v, `${path}.${k}`),
    ),
  );
}

/** Runs `fn`, returning its value or what it threw (the error typed for narrowing by the caller). */
export function attempt<T>(fn: () => T): { value?: T; error?: any } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: error ?? new Error(`threw ${String(error)}`) };
  }
}
