import { evaluateCel } from '../cel';
import { toCel } from '../values';
import { caseFiles, ExtensionCase, loadCases } from './__cases__/loadCases';
import { isBytes, isDuration, isType, isUint, mapEntries } from './values';

/** Equal values of the same CEL type (1 and 1.0 differ, unlike CEL's ==). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number')
    return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  if (a === null || typeof a !== 'object' || b === null) return a === b;
  if (isUint(a) || isUint(b))
    return isUint(a) && isUint(b) && a.valueOf() === b.valueOf();
  if (isBytes(a) || isBytes(b)) {
    return isBytes(a) && isBytes(b) && Buffer.from(a).equals(Buffer.from(b));
  }
  if (a instanceof Date || b instanceof Date) {
    return (
      a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
    );
  }
  if (isDuration(a) || isDuration(b)) {
    return isDuration(a) && isDuration(b) && String(a) === String(b);
  }
  if (isType(a) || isType(b))
    return isType(a) && isType(b) && a.name === b.name;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
      return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  const x = mapEntries(a).map(([k, v]) => [String(k), v] as const);
  const y = new Map(mapEntries(b).map(([k, v]) => [String(k), v] as const));
  return (
    x.length === y.size &&
    x.every(([k, v]) => y.has(k) && sameValue(v, y.get(k)))
  );
}

function run(c: ExtensionCase): { value: unknown } | { error: string } {
  try {
    return {
      value: evaluateCel(
        c.expr,
        toCel(c.vars ?? {}) as Record<string, unknown>,
      ),
    };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** What is wrong with a case's outcome, or null. */
function problem(c: ExtensionCase): string | null {
  const outcome = run(c);
  if (c.error || c.errorClass) {
    if (!('error' in outcome)) return `no error, got ${String(outcome.value)}`;
    const matches = c.error
      ? outcome.error.includes(c.error)
      : /no (such|matching) overload/.test(outcome.error);
    return matches ? null : `wrong error: ${outcome.error}`;
  }
  if ('error' in outcome) return `error: ${outcome.error}`;
  const expected = c.expect === undefined ? true : evaluateCel(c.expect, {});
  return sameValue(outcome.value, expected)
    ? null
    : `got ${String(outcome.value)} (${typeof outcome.value}), want ${
        c.expect ?? 'true'
      }`;
}

describe.each(caseFiles)('cel-go extension cases in %s', file => {
  it.each(loadCases(file).map(c => [c.expr, c] as const))('%s', (_expr, c) => {
    expect(problem(c)).toBeNull();
  });
});
