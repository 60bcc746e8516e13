import { CEL_NULL, GoScalar } from './goTree';

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

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Go's `time.Time.String()` of a UTC time: `2024-01-02 03:04:05.5 +0000 UTC`. */
export function formatGoTime(t: Date): string {
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(
    t.getUTCDate(),
  )}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(
    t.getUTCSeconds(),
  )}`;
  const millis = pad(t.getUTCMilliseconds(), 3).replace(/0+$/, '');
  return `${date} ${time}${millis ? `.${millis}` : ''} +0000 UTC`;
}

/** `digits` of a fraction of `unit` nanoseconds, Go's fmtFrac: `.5`, none when zero. */
function fraction(value: bigint, unit: bigint, places: number): string {
  const text = (value % unit)
    .toString()
    .padStart(places, '0')
    .replace(/0+$/, '');
  return text ? `.${text}` : '';
}

/** Go's `time.Duration.String()`: `1m30s`, `1.5s`, `100ms`, `1µs`, `0s`. */
export function formatGoDuration(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const u = nanos < 0n ? -nanos : nanos;
  if (u === 0n) return '0s';
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${u / 1_000n}${fraction(u, 1_000n, 3)}µs`;
  if (u < 1_000_000_000n)
    return `${sign}${u / 1_000_000n}${fraction(u, 1_000_000n, 6)}ms`;
  const seconds = u / 1_000_000_000n;
  let text = `${seconds % 60n}${fraction(u, 1_000_000_000n, 9)}s`;
  const minutes = seconds / 60n;
  if (minutes > 0n) {
    text = `${minutes % 60n}m${text}`;
    const hours = minutes / 60n;
    if (hours > 0n) text = `${hours}h${text}`;
  }
  return sign + text;
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
  if (value instanceof GoScalar) return goJson(value.json);
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
  if (value instanceof GoScalar) return value.text;
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
