import { jsonEqual } from '../schema/jsonEqual';
import { runSummaryOf } from './runSummary';
import type { OpenChoreoWorkflowsApiSchemas, RunDetail } from './types';

/** A parameter whose value differs between two runs. @public */
export interface ParameterDifference
  extends Omit<OpenChoreoWorkflowsApiSchemas['ParameterDifference'], never> {}

/**
 * One run's side of a step. The document's schema is nullable (null when that
 * run has no step of that name); this is its non-null value. @public
 */
export interface ComparedStepSide
  extends NonNullable<OpenChoreoWorkflowsApiSchemas['ComparedStepSide']> {}

/** A step of either run, matched by name (the n-th of a name with the n-th). @public */
export interface ComparedStep
  extends Omit<OpenChoreoWorkflowsApiSchemas['ComparedStep'], never> {}

/** An output of either run: null when that run has none of that name. @public */
export interface ComparedOutput
  extends Omit<OpenChoreoWorkflowsApiSchemas['ComparedOutput'], never> {}

/** `GET /runs/compare` response. @public */
export interface RunComparison
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunComparison'], never> {}

/** At most this many differing parameters are listed. @public */
export const MAX_PARAMETER_DIFFERENCES = 1000;
/** Below this depth, differing values are listed whole rather than walked. */
const MAX_DEPTH = 32;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Both objects, or both arrays: walked further. */
const sameShape = (u: unknown, v: unknown) =>
  (isObject(u) && isObject(v)) || (Array.isArray(u) && Array.isArray(v));

/** A key as a JSON Pointer reference token (`~` → `~0`, `/` → `~1`). */
const token = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

const has = (o: object, key: string) =>
  Object.prototype.hasOwnProperty.call(o, key);

/** Keys of `a` in order, then those only in `b`. */
function unionKeys(a: object, b: object): string[] {
  return [...Object.keys(a), ...Object.keys(b).filter(k => !has(a, k))];
}

/**
 * The parameters that differ between two runs, walking nested objects and
 * arrays (by index) down to the values that differ; equal values are not
 * listed. An object against an array or a scalar is one difference.
 * @public
 */
export function parameterDifferences(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  limit = MAX_PARAMETER_DIFFERENCES,
): { differences: ParameterDifference[]; truncated: boolean } {
  const differences: ParameterDifference[] = [];
  let truncated = false;
  const add = (d: ParameterDifference) => {
    if (differences.length < limit) differences.push(d);
    else truncated = true;
  };
  const walk = (x: object, y: object, path: string, depth: number) => {
    const keys = Array.isArray(x)
      ? Array.from({ length: Math.max(x.length, (y as unknown[]).length) }).map(
          (_, i) => String(i),
        )
      : unionKeys(x, y);
    for (const key of keys) {
      if (truncated) return;
      const at = `${path}/${token(key)}`;
      const inX = has(x, key);
      const inY = has(y, key);
      const u = (x as Record<string, unknown>)[key];
      const v = (y as Record<string, unknown>)[key];
      if (!inX || !inY) {
        add(inX ? { path: at, a: u } : { path: at, b: v });
      } else if (sameShape(u, v) && depth < MAX_DEPTH) {
        walk(u as object, v as object, at, depth + 1);
      } else if (!jsonEqual(u, v)) {
        add({ path: at, a: u, b: v });
      }
    }
  };
  walk(a, b, '', 0);
  return { differences, truncated };
}

/** The steps of both runs, matched by name; a step of one run only has null on the other side. @public */
export function compareSteps(
  a: RunDetail['tasks'],
  b: RunDetail['tasks'],
): ComparedStep[] {
  const side = (t: RunDetail['tasks'][number]): ComparedStepSide =>
    t.durationMs === undefined
      ? { phase: t.phase }
      : { phase: t.phase, durationMs: t.durationMs };
  // The n-th step of a name in `a` matches the n-th of that name in `b`.
  const pending = new Map<string, RunDetail['tasks']>();
  for (const t of b) pending.set(t.name, [...(pending.get(t.name) ?? []), t]);
  const steps: ComparedStep[] = a.map(t => {
    const match = pending.get(t.name)?.shift();
    return { name: t.name, a: side(t), b: match ? side(match) : null };
  });
  for (const t of b) {
    const left = pending.get(t.name);
    if (left?.[0] === t) {
      left.shift();
      steps.push({ name: t.name, a: null, b: side(t) });
    }
  }
  return steps;
}

/** Every output of either run, `a`'s first. @public */
export function compareOutputs(
  a: Record<string, string>,
  b: Record<string, string>,
): ComparedOutput[] {
  return unionKeys(a, b).map(name => ({
    name,
    a: has(a, name) ? a[name] : null,
    b: has(b, name) ? b[name] : null,
  }));
}

/** Two runs side by side: what `GET /runs/compare` answers. @public */
export function compareRuns(a: RunDetail, b: RunDetail): RunComparison {
  const { differences, truncated } = parameterDifferences(
    a.parameters ?? {},
    b.parameters ?? {},
  );
  return {
    a: runSummaryOf(a),
    b: runSummaryOf(b),
    parameters: differences,
    parametersTruncated: truncated,
    steps: compareSteps(a.tasks ?? [], b.tasks ?? []),
    outputs: compareOutputs(a.outputs ?? {}, b.outputs ?? {}),
  };
}
