import fs from 'fs';
import path from 'path';
import { evaluateCel } from '../cel';
import { toCel } from '../values';
import { isBytes, isDuration, isType, isUint, mapEntries } from './values';

/**
 * The extension cases of __cases__/*.json, re-expressed from cel-go v0.29.2's
 * ext/*_test.go (and our own edge cases). A case is
 * `{expr, vars?, expect?, error?, errorClass?, note?}`: without `expect` or
 * an error, `expr` must evaluate to `true`; `expect` is a CEL expression
 * (a literal) whose value, type included, `expr` must have; `error` is a
 * substring of cel-go's message; `errorClass: "no_overload"` is cel-go's
 * "no such overload" (worded differently by cel-js). `vars` are JSON
 * variables (whole numbers become ints). The same files can drive a
 * comparison with OpenChoreo's own engine.
 */
export interface ExtensionCase {
  expr: string;
  vars?: Record<string, unknown>;
  expect?: string;
  error?: string;
  errorClass?: 'no_overload';
  note?: string;
}

const dir = path.join(__dirname, '__cases__');
export const caseFiles = fs
  .readdirSync(dir)
  .filter(f => f.endsWith('.json'))
  .sort();

function loadCases(file: string): ExtensionCase[] {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** Equal values of the same CEL type (1 and 1.0 differ, unlike CEL's ==). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  if (a === null || typeof a !== 'object' || b === null) return a === b;
  if (isUint(a) || isUint(b)) return isUint(a) && isUint(b) && a.valueOf() === b.valueOf();
  if (isBytes(a) || isBytes(b)) {
    return isBytes(a) && isBytes(b) && Buffer.from(a).equals(Buffer.from(b));
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (isDuration(a) || isDuration(b)) {
    return isDuration(a) && isDuration(b) && String(a) === String(b);
  }
  if (isType(a) || isType(b)) return isType(a) && isType(b) && a.name === b.name;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  const x = mapEntries(a).map(([k, v]) => [String(k), v] as const);
  const y = new Map(mapEntries(b).map(([k, v]) => [String(k), v] as const));
  return x.length === y.size && x.every(([k, v]) => y.has(k) && sameValue(v, y.get(k)));
}

function run(c: ExtensionCase): { value: unknown } | { error: string } {
  try {
    return { value: evaluateCel(c.expr, toCel(c.vars ?? {}) as Record<string, unknown>) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe.each(caseFiles)('cel-go extension cases in %s', file => {
  const cases = loadCases(file);
  it.each(cases.map(c => [c.expr, c] as const))('%s', (_expr, c) => {
    const outcome = run(c);
    if (c.error || c.errorClass) {
      expect(outcome).toHaveProperty('error');
      const message = (outcome as { error: string }).error;
      if (c.error) expect(message).toContain(c.error);
      else expect(message).toMatch(/no (such|matching) overload/);
      return;
    }
    expect(outcome).toHaveProperty('value');
    const value = (outcome as { value: unknown }).value;
    if (c.expect === undefined) {
      expect(value).toBe(true);
    } else {
      const expected = evaluateCel(c.expect, {});
      if (!sameValue(value, expected)) {
        throw new Error(`${c.expr}: got ${String(value)} (${typeof value}), want ${c.expect}`);
      }
    }
  });
});
