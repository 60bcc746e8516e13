import { Environment } from '@marcbachmann/cel-js';
import { formatGoFloat } from '../goformat';
import { goTimestamp } from './format';
import { goShortestFixed } from './goNumbers';
import { isOmit } from '../values';
import { noteDuringEvaluation } from '../notes';
import { namespaceName } from './namespace';
import {
  celError,
  celJsTypeOf,
  celTypeNameOf,
  INT64_MAX,
  INT64_MIN,
  isBytes,
  isDuration,
  isUint,
  UINT64_MAX,
  UintClass,
} from './values';

/**
 * cel-go's type conversions `int()`, `uint()`, `double()`, `string()`,
 * `bool()` and `type()` (cel-go v0.29.2 common/types/{int,uint,double,string,bytes,
 * timestamp,duration}.go ConvertToType). cel-js's own differ: no range
 * checks from double (`int(1e19)` is an overflow in cel-go), no
 * `int(timestamp)`, JavaScript's number syntax for strings, `string(1e8)`
 * without Go's `%g`. cel-js lets no built-in be replaced, so overrides.ts
 * renames these global calls to the functions registered here.
 */

const conversionError = (from: string, to: string) =>
  celError(`type conversion error from '${from}' to '${to}'`);
const noOverload = (name: string, v: unknown) =>
  celError(`no such overload: ${name}(${celTypeNameOf(v)})`);

/** Go's float64(math.MaxInt64) and 2^64, the bounds of checked double conversions (overflow.go). */
const TWO_TO_63 = 9223372036854775808;
const TWO_TO_64 = 18446744073709551616;

function toInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (isUint(v)) {
    if (v.valueOf() > INT64_MAX) throw celError('integer overflow');
    return v.valueOf();
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= -TWO_TO_63 || v >= TWO_TO_63) {
      throw celError('integer overflow');
    }
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    if (!/^[+-]?\d+$/.test(v)) throw conversionError('string', 'int');
    const n = BigInt(v);
    if (n > INT64_MAX || n < INT64_MIN) throw conversionError('string', 'int');
    return n;
  }
  if (v instanceof Date) return BigInt(Math.floor(v.getTime() / 1000));
  if (isDuration(v)) return v.seconds * 1_000_000_000n + BigInt(v.nanos);
  throw noOverload('int', v);
}

function toUint(v: unknown): unknown {
  if (isUint(v)) return v;
  let n: bigint;
  if (typeof v === 'bigint') {
    n = v;
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v >= TWO_TO_64) {
      throw celError('unsigned integer overflow');
    }
    n = BigInt(Math.trunc(v));
  } else if (typeof v === 'string') {
    if (!/^\d+$/.test(v) || BigInt(v) > UINT64_MAX) {
      throw conversionError('string', 'uint');
    }
    n = BigInt(v);
  } else {
    throw noOverload('uint', v);
  }
  if (n < 0n) throw celError('unsigned integer overflow');
  return new UintClass(n);
}

/** Go's strconv.ParseFloat (decimal forms, inf/infinity/nan); undefined where Go fails (out of range too). */
function goParseFloat(text: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^[+-]?nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isUint(v)) return Number(v.valueOf());
  if (typeof v === 'string') {
    const n = goParseFloat(v);
    if (n === undefined) throw conversionError('string', 'double');
    return n;
  }
  throw noOverload('double', v);
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw celError('invalid UTF-8 in bytes, cannot convert to string');
  }
}

function toStringValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (isUint(v)) return v.valueOf().toString();
  if (typeof v === 'number') return formatGoFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isBytes(v)) return utf8(v);
  if (v instanceof Date) return goTimestamp(v);
  if (isDuration(v)) {
    const seconds = Number(v.seconds) + v.nanos / 1e9;
    return `${goShortestFixed(seconds)}s`;
  }
  throw noOverload('string', v);
}

function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
    throw conversionError('string', 'bool');
  }
  throw noOverload('bool', v);
}

export const TYPE_OF_OMIT =
  'OpenChoreo takes type(oc_omit()) for oc_omit() itself and removes the field or item holding it (its omit marker converts to itself whatever the type asked: internal/template/custom_functions.go:72-74)';

/**
 * `type(v)`: cel-go's is `v.ConvertToType(TypeType)`, and OpenChoreo's
 * `oc_omit()` marker converts to itself whatever the type asked
 * (omitCELValue.ConvertToType): `type(oc_omit())` is `oc_omit()`.
 */
function toType(v: unknown): unknown {
  if (isOmit(v)) {
    noteDuringEvaluation(TYPE_OF_OMIT);
    return v;
  }
  const namespace = namespaceName(v);
  if (namespace) throw celError(`undeclared reference to '${namespace}'`);
  return celJsTypeOf(v);
}

/** The renamed conversion functions: `<name>` is the name overrides.ts gives the call. */
export const CONVERSIONS: Record<string, [string, (v: unknown) => unknown]> = {
  int: ['int', toInt],
  uint: ['uint', toUint],
  double: ['double', toDouble],
  string: ['string', toStringValue],
  bool: ['bool', toBool],
  type: ['type', toType],
};

export function registerConversions(
  env: Environment,
  name: (fn: string) => string,
): void {
  for (const [fn, [returnType, convert]] of Object.entries(CONVERSIONS)) {
    env.registerFunction(`${name(fn)}(dyn): ${returnType}`, (v: unknown) =>
      convert(v),
    );
  }
}
