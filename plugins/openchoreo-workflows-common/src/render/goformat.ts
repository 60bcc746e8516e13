import { CEL_NULL } from './goTree';

/**
 * Formatting that matches what OpenChoreo (Go) writes, so rendered strings are
 * byte-identical: `%g` for floats, `encoding/json` for lists and maps.
 */

/** Go's `%g`/`%v` for a float64: shortest digits, `%e` form when the exponent is < -4 or >= 6. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  const eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mantissa}e${sign}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}

function escapeGoJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Go's `json.Marshal` refused a value (`json: unsupported value: NaN`). */
export class GoJsonError extends Error {}

function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) {
    throw new GoJsonError(`json: unsupported value: ${formatGoFloat(n)}`);
  }
  return Object.is(n, -0) ? '-0' : JSON.stringify(n);
}

/**
 * Go's `json.Marshal` of a rendered value (goTree.ts): map keys sorted, HTML
 * characters escaped, a bigint (Go int) exact, a NullValue 0. Throws
 * GoJsonError for NaN and ±Inf, as Go does.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === CEL_NULL) return '0';
  if (typeof value === 'string') return escapeGoJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries
      .map(([k, v]) => `${escapeGoJsonString(k)}:${goJson(v)}`)
      .join(',')}}`;
  }
  return escapeGoJsonString(String(value));
}

/**
 * Go's `fmt.Sprintf("%v", v)` of a rendered value: what OpenChoreo falls back
 * to when `json.Marshal` fails (a NaN in a list), and how its controller
 * prints an Argo argument that is neither string, number, bool, list nor map.
 */
export function goSprintV(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (value === CEL_NULL) return 'NULL_VALUE';
  if (typeof value === 'number') return formatGoFloat(value);
  if (Array.isArray(value)) return `[${value.map(goSprintV).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(
      ([a], [b]) => compareCodeUnits(a, b),
    );
    return `map[${entries.map(([k, v]) => `${k}:${goSprintV(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** JSON text of a list or map as OpenChoreo writes it: `json.Marshal`, `%v` when that fails. */
export function goJsonOrSprint(value: unknown): string {
  try {
    return goJson(value);
  } catch (e) {
    if (e instanceof GoJsonError) return goSprintV(value);
    throw e;
  }
}
