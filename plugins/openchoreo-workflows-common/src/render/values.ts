import { setOwn } from '../schema/ownProperty';

/**
 * The value `oc_omit()` returns; the field, map entry or list item holding it is removed.
 *
 * @public
 */
export class OmitValue {
  toJSON(): Record<string, never> {
    return {};
  }
}
/** @public */
export const OMIT = new OmitValue();

/** @public */
export function isOmit(value: unknown): value is OmitValue {
  return value instanceof OmitValue;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON/YAML data to CEL values: whole numbers become CEL ints (bigint), other
 * numbers doubles, so `parameters.count + 1` works as it does in OpenChoreo.
 *
 * @public
 */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(toCel);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) setOwn(out, String(k), toCel(v));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) setOwn(out, k, toCel(v));
    }
    return out;
  }
  return value;
}

/** Base64 of bytes (Go's JSON of a []byte), without Node's Buffer: this package also runs in browsers. */
export function bytesToBase64(bytes: Uint8Array): string {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n =
      (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}
