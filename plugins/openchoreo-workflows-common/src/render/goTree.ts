import { Optional } from '@marcbachmann/cel-js';
import { setOwn } from '../schema/ownProperty';
import { goTimestamp } from './extensions/format';
import { isDuration, typeValueName } from './extensions/values';
import { formatGoDuration, formatGoTime } from './goformat';
import { bytesToBase64, isOmit, OMIT } from './values';

/**
 * The rendered objects while they are being rendered, typed as OpenChoreo's
 * Go values are: a bigint is a Go int (int64, or uint64), a number a float64,
 * and CEL_NULL the `structpb.NullValue` that OpenChoreo's engine hands on for
 * a CEL null (internal/template/engine.go convertCELValue, default branch).
 * The types decide how values print (`%d`, `%v`, JSON); `toJsonData` turns
 * the tree into plain JSON data at the end.
 *
 * @public
 */
export const CEL_NULL: unique symbol = Symbol('NullValue');

export function isCelNull(value: unknown): value is typeof CEL_NULL {
  return value === CEL_NULL;
}

/**
 * A Go value that JSON and `%v` print differently: a `time.Time` (JSON RFC
 * 3339, `%v` `2024-01-02 03:04:05 +0000 UTC`), a `time.Duration` (JSON
 * nanoseconds, `%v` `1m30s`), a `[]byte` (JSON base64, `%v` `[97 98]`).
 */
export class GoScalar {
  constructor(readonly json: unknown, readonly text: string) {}
}

/**
 * Maps and lists OpenChoreo holds as a Go `map[string]string` or `[]string`
 * rather than `map[string]any` / `[]any`: the run's labels
 * (`metadata.labels`), the result of `split()`, and what is rendered from
 * them. Its code treats them apart: `oc_merge` leaves the labels out, the
 * controller prints them with `%v` as an Argo argument (`map[team:payments]`,
 * `[a b]`), and the post-processing (`RemoveOmittedFields`,
 * `convertComplexValuesToJSONStrings`) leaves them as they are.
 */
const goStringCollections = new WeakSet<object>();

export function markGoStrings<T extends object>(collection: T): T {
  goStringCollections.add(collection);
  return collection;
}

export function isGoStrings(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    goStringCollections.has(value)
  );
}

/**
 * Lists made by `+` of two non-empty lists: cel-go's concatList, whose Go
 * value holds each item's own Go value (common/types/list.go
 * concatList.Value), so an `oc_omit()` item stays in it as OpenChoreo's omit
 * sentinel: written `{}` when the list is printed into text, removed from
 * the rendered tree only by the final pruning (`RemoveOmittedFields`).
 */
const concatenations = new WeakSet<object>();

export function markConcatenation<T extends object>(list: T): T {
  concatenations.add(list);
  return list;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The lists and maps of the CEL variables (the parameters, metadata, ...):
 * data that reaches OpenChoreo's engine as Go values, not built by CEL. When
 * an expression returns one of them, OpenChoreo keeps its nulls as JSON
 * nulls (convertAnyList / convertStringAnyMap leave non-CEL values alone);
 * in lists and maps that CEL built, a null becomes a NullValue.
 */
export function dataContainers(variables: unknown): WeakSet<object> {
  const found = new WeakSet<object>();
  const stack: unknown[] = [variables];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || found.has(value))
      continue;
    if (Array.isArray(value)) {
      found.add(value);
      stack.push(...value);
    } else if (isPlainObject(value)) {
      found.add(value);
      stack.push(...Object.values(value));
    }
  }
  return found;
}

/**
 * A CEL result as OpenChoreo's `convertCELValue` hands it on: ints and uints
 * as bigint, doubles as numbers, maps as plain objects, bytes as base64 (Go's
 * JSON of []byte), a type as its name, timestamps, durations and bytes as
 * GoScalar, a null as CEL_NULL unless it sits in data (see dataContainers); `oc_omit()`
 * entries of lists and maps are dropped, a top-level omit is OMIT.
 *
 * @public
 */
export function celToGo(
  value: unknown,
  data: WeakSet<object>,
  inData = false,
): unknown {
  if (value === null) return inData ? null : CEL_NULL;
  if (typeof value !== 'object') return value;
  if (isOmit(value)) return OMIT;
  if (Array.isArray(value)) {
    const isData = data.has(value);
    const keepOmit = concatenations.has(value);
    const out = value
      .filter(v => keepOmit || !isOmit(v))
      .map(v => celToGo(v, data, isData));
    return isGoStrings(value) ? markGoStrings(out) : out;
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      if (!isOmit(v)) setOwn(out, String(celToGo(k, data)), celToGo(v, data));
    }
    return out;
  }
  if (value instanceof Uint8Array) {
    return new GoScalar(
      bytesToBase64(value),
      `[${Array.from(value).join(' ')}]`,
    );
  }
  if (value instanceof Date)
    return new GoScalar(goTimestamp(value), formatGoTime(value));
  if (isDuration(value)) {
    const nanos = value.seconds * 1_000_000_000n + BigInt(value.nanos);
    return new GoScalar(nanos, formatGoDuration(nanos));
  }
  const typeName = typeValueName(value);
  if (typeName !== undefined) return typeName;
  if (value instanceof Optional) {
    // cel-go's optional Value() is the wrapped value, or Go nil when empty.
    return value.hasValue() ? celToGo(value.value(), data) : null;
  }
  if (isPlainObject(value)) {
    const isData = data.has(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!isOmit(v)) setOwn(out, k, celToGo(v, data, isData));
    }
    return isGoStrings(value) ? markGoStrings(out) : out;
  }
  // UnsignedInt and other library values carry a primitive valueOf/toString.
  const primitive = (value as { valueOf(): unknown }).valueOf();
  if (primitive !== value) return celToGo(primitive, data, inData);
  return String(value);
}

/** Go's `%T` of a rendered value, as OpenChoreo's messages print it. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (isCelNull(value)) return 'structpb.NullValue';
  if (isOmit(value)) return '*template.omitValue';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) {
    return isGoStrings(value) ? '[]string' : '[]interface {}';
  }
  return isGoStrings(value) ? 'map[string]string' : 'map[string]interface {}';
}

/**
 * The tree as plain JSON data, as OpenChoreo sends it: a NullValue is the
 * number 0 (Go's JSON of the enum), ints become numbers (beyond 2^53 they
 * are rounded: JSON in JavaScript has no int64).
 *
 * @public
 */
export function toJsonData(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof GoScalar) return toJsonData(value.json);
  if (isCelNull(value)) return 0;
  if (Array.isArray(value)) return value.map(toJsonData);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, toJsonData(v));
    return out;
  }
  return value;
}

/** The first float64 JSON cannot encode (NaN, ±Inf) and where it is, or undefined. */
export function firstUnencodable(
  value: unknown,
  path = '',
): { value: number; path: string } | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { value, path: path || '.' };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnencodable(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = firstUnencodable(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}
