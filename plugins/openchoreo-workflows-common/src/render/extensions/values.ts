import { Environment, EvaluationError, Optional } from '@marcbachmann/cel-js';
import { isOmit } from '../values';

/**
 * How cel-js represents CEL values, and the CEL equality and ordering rules of
 * cel-go (common/types) that the extension functions need.
 */

const probe = new Environment();
/** cel-js's classes, taken from values it returns (the package exports only some of them). */
export const UintClass = (probe.evaluate('1u') as object).constructor as new (
  v: bigint,
) => { valueOf(): bigint };
export const DurationClass = (probe.evaluate('duration("1s")') as object)
  .constructor as new (seconds: bigint, nanos: number) => CelDuration;
export const TypeClass = (probe.evaluate('type(1)') as object).constructor;
/** cel-go's optional type value (cel-js has none: `type(optional.of(1))` had no overload). */
const OPTIONAL_TYPE = new (TypeClass as new (name: string) => object)(
  'optional_type',
);
const typeOfProbe = new Environment()
  .registerVariable('v', 'dyn')
  .parse('type(v)');
/** cel-js's own `type(v)` (with optional_type), for conversions.ts's replacement of it. */
export function celJsTypeOf(v: unknown): unknown {
  return v instanceof Optional ? OPTIONAL_TYPE : typeOfProbe({ v });
}

export interface CelDuration {
  readonly seconds: bigint;
  readonly nanos: number;
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

/** An evaluation error with cel-go's message. */
export function celError(message: string): EvaluationError {
  return new EvaluationError(message);
}

export function isUint(v: unknown): v is { valueOf(): bigint } {
  return v instanceof UintClass;
}
export function isDuration(v: unknown): v is CelDuration {
  return v instanceof DurationClass;
}
export function isType(v: unknown): v is { name: string } {
  return v instanceof TypeClass;
}
export function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}
export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v) || v instanceof Set;
}
export function listItems(v: unknown): unknown[] {
  return v instanceof Set ? [...v] : (v as unknown[]);
}
export function isMap(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  return v instanceof Map || v.constructor === Object || !v.constructor;
}
export function mapEntries(v: unknown): Array<[unknown, unknown]> {
  if (v instanceof Map) return [...v.entries()];
  return Object.entries(v as Record<string, unknown>);
}

const GO_TYPE_NAMES: Record<string, string> = {
  null: 'null_type',
  optional: 'optional_type',
};

/** cel-go's name of a type value (`type(x)` prints `int`, `null_type`, `optional_type`). */
export function goTypeName(type: { name: string }): string {
  return GO_TYPE_NAMES[type.name] ?? type.name;
}

/** cel-go's runtime type name of a value (`types.Type.TypeName()`). */
export function celTypeNameOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    default:
  }
  if (v === null) return 'null_type';
  if (isOmit(v)) return 'omit';
  if (isUint(v)) return 'uint';
  if (isBytes(v)) return 'bytes';
  if (isList(v)) return 'list';
  if (isDuration(v)) return 'google.protobuf.Duration';
  if (v instanceof Date) return 'google.protobuf.Timestamp';
  if (isType(v)) return 'type';
  if (v instanceof Optional) return 'optional_type';
  if (isMap(v)) return 'map';
  return 'unknown';
}

type Numeric =
  | { kind: 'int' | 'uint'; value: bigint }
  | { kind: 'double'; value: number };

function numeric(v: unknown): Numeric | undefined {
  if (typeof v === 'bigint') return { kind: 'int', value: v };
  if (typeof v === 'number') return { kind: 'double', value: v };
  if (isUint(v)) return { kind: 'uint', value: v.valueOf() };
  return undefined;
}

/** -1, 0, 1 for two numbers of any CEL numeric type, exactly (no rounding of big ints). */
function compareNumeric(a: Numeric, b: Numeric): number {
  if (a.kind !== 'double' && b.kind !== 'double') {
    if (a.value === b.value) return 0;
    return a.value < b.value ? -1 : 1;
  }
  if (a.kind === 'double' && b.kind === 'double') {
    if (a.value === b.value) return 0;
    return a.value < b.value ? -1 : 1;
  }
  const [d, i, sign] =
    a.kind === 'double'
      ? [a.value, b.value as bigint, 1]
      : [b.value as number, a.value as bigint, -1];
  if (d === Infinity) return sign;
  if (d === -Infinity) return -sign;
  const floor = BigInt(Math.floor(d));
  if (floor < i) return -sign;
  if (floor > i) return sign;
  return Number.isInteger(d) ? 0 : sign;
}

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (x.length === y.length) return 0;
  return x.length < y.length ? -1 : 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  if (a.length === b.length) return 0;
  return a.length < b.length ? -1 : 1;
}

function durationNanos(d: CelDuration): bigint {
  return d.seconds * 1_000_000_000n + BigInt(d.nanos);
}

/**
 * cel-go's `Compare` (traits.Comparer): -1, 0 or 1, or an error message
 * ("NaN values cannot be ordered", "no such overload").
 */
export function celCompare(a: unknown, b: unknown): number | string {
  const na = numeric(a);
  if (na) {
    const nb = numeric(b);
    if (!nb) return 'no such overload';
    if (Number.isNaN(na.value) || Number.isNaN(nb.value)) {
      return 'NaN values cannot be ordered';
    }
    return compareNumeric(na, nb);
  }
  if (typeof a === 'string' && typeof b === 'string')
    return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (a === b) return 0;
    return a ? 1 : -1;
  }
  if (isBytes(a) && isBytes(b)) return compareBytes(a, b);
  if (a instanceof Date && b instanceof Date) {
    return Math.sign(a.getTime() - b.getTime());
  }
  if (isDuration(a) && isDuration(b)) {
    const d = durationNanos(a) - durationNanos(b);
    if (d === 0n) return 0;
    return d < 0n ? -1 : 1;
  }
  return 'no such overload';
}

/** Whether cel-go can order values of this kind (traits.Comparer). */
export function isComparable(v: unknown): boolean {
  return (
    numeric(v) !== undefined ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    isBytes(v) ||
    v instanceof Date ||
    isDuration(v)
  );
}

function mapLookup(entries: Array<[unknown, unknown]>, key: unknown) {
  return entries.find(([k]) => celEquals(k, key));
}

/** CEL equality (heterogeneous: `1 == 1.0`, lists and maps deeply, other kinds never equal). */
export function celEquals(a: unknown, b: unknown): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na || nb) {
    if (!na || !nb) return false;
    if (Number.isNaN(na.value) || Number.isNaN(nb.value)) return false;
    return compareNumeric(na, nb) === 0;
  }
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (isList(a) || isList(b)) {
    if (!isList(a) || !isList(b)) return false;
    const x = listItems(a);
    const y = listItems(b);
    return x.length === y.length && x.every((v, i) => celEquals(v, y[i]));
  }
  if (isBytes(a) || isBytes(b)) {
    return isBytes(a) && isBytes(b) && compareBytes(a, b) === 0;
  }
  if (a instanceof Date || b instanceof Date) {
    return (
      a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
    );
  }
  if (isDuration(a) || isDuration(b)) {
    return (
      isDuration(a) && isDuration(b) && durationNanos(a) === durationNanos(b)
    );
  }
  if (isType(a) || isType(b))
    return isType(a) && isType(b) && a.name === b.name;
  if (a instanceof Optional || b instanceof Optional) {
    if (!(a instanceof Optional && b instanceof Optional)) return false;
    if (!a.hasValue() || !b.hasValue()) return a.hasValue() === b.hasValue();
    return celEquals(a.value(), b.value());
  }
  if (isMap(a) && isMap(b)) {
    const x = mapEntries(a);
    const y = mapEntries(b);
    if (x.length !== y.length) return false;
    return x.every(([k, v]) => {
      const found = mapLookup(y, k);
      return found !== undefined && celEquals(v, found[1]);
    });
  }
  return a === b;
}

/** Whether a list holds a value by CEL equality (cel-go's `Lister.Contains`). */
export function listContains(list: unknown[], value: unknown): boolean {
  return list.some(item => celEquals(item, value));
}

/** The name a `type(x)` value prints as in OpenChoreo (its Go value is the type's name). */
export function typeValueName(v: unknown): string | undefined {
  return isType(v) ? goTypeName(v) : undefined;
}
