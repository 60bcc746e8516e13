import { goTimestamp } from './format';
import { isDuration, typeValueName } from './values';

/**
 * What OpenChoreo's engine (convertCELValue) hands on for CEL values that are
 * not JSON: a type is its name (`int`), a timestamp a Go time.Time (JSON:
 * RFC 3339 with nanoseconds, trailing zeros dropped), a duration a Go
 * time.Duration (JSON: nanoseconds). Undefined for other values.
 */
export function goNativeValue(v: unknown): unknown {
  const typeName = typeValueName(v);
  if (typeName !== undefined) return typeName;
  if (v instanceof Date) return goTimestamp(v);
  if (isDuration(v))
    return Number(v.seconds * 1_000_000_000n + BigInt(v.nanos));
  return undefined;
}
