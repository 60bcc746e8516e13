import { Environment } from '@marcbachmann/cel-js';
import { formatString } from './format';
import { goShortestFixed } from './goNumbers';
import { registerNamespace } from './namespace';
import {
  celError,
  isBytes,
  isDuration,
  isList,
  isUint,
  listItems,
  mapEntries,
  celTypeNameOf,
} from './values';

/**
 * cel-go's ext.Encoders at its latest version (cel-go v0.29.2
 * ext/encoders.go): `base64.encode`, `base64.decode` (Go's StdEncoding, then
 * RawStdEncoding when the padding is missing), `json.encode` (protojson of a
 * google.protobuf.Value).
 */

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n =
      (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

class CorruptInput extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** Go's base64 decoding; `padded` is StdEncoding, otherwise RawStdEncoding. Newlines are skipped. */
function decode(text: string, padded: boolean): Uint8Array {
  const src = new TextEncoder().encode(text);
  const sextets: number[] = [];
  let padAt = -1;
  let i = 0;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === 10 || c === 13) continue;
    if (c === 61 && padded) {
      padAt = i;
      break;
    }
    const v = ALPHABET.indexOf(String.fromCharCode(c));
    if (v < 0) throw new CorruptInput(i);
    sextets.push(v);
  }
  const rest = sextets.length % 4;
  if (padded) {
    const pads = padAt < 0 ? 0 : 4 - rest;
    if (rest === 1 || (padAt < 0 && rest !== 0))
      throw new CorruptInput(padAt < 0 ? src.length : padAt);
    const tail = [...src.slice(padAt < 0 ? src.length : padAt)].filter(
      c => c !== 10 && c !== 13,
    );
    if (tail.length !== pads || tail.some(c => c !== 61))
      throw new CorruptInput(padAt);
  } else if (rest === 1) {
    throw new CorruptInput(src.length - 1);
  }
  const out: number[] = [];
  for (let j = 0; j < sextets.length; j += 4) {
    const group = sextets.slice(j, j + 4);
    const n = group.reduce((acc, v, k) => acc | (v << (18 - 6 * k)), 0);
    out.push((n >> 16) & 255);
    if (group.length > 2) out.push((n >> 8) & 255);
    if (group.length > 3) out.push(n & 255);
  }
  return new Uint8Array(out);
}

export function base64Decode(text: string): Uint8Array {
  try {
    return decode(text, true);
  } catch (e) {
    if (!(e instanceof CorruptInput)) throw e;
    try {
      return decode(text, false);
    } catch (raw) {
      throw celError((raw as Error).message);
    }
  }
}

const MAX_SAFE = 2n ** 53n - 1n;

/** protojson's number text (encoding/json's rules). */
function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) {
    const goText = n > 0 ? '+Inf' : '-Inf';
    throw celError(
      `google.protobuf.Value.number_value: invalid ${
        Number.isNaN(n) ? 'NaN' : goText
      } value`,
    );
  }
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return JSON.stringify(n);
  return goShortestFixed(n);
}

/** cel-go's conversion to google.protobuf.Value, printed by protojson on one line. */
export function jsonEncode(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return jsonNumber(v);
  if (typeof v === 'bigint' || isUint(v)) {
    const i = v.valueOf() as bigint;
    return i >= -MAX_SAFE && i <= MAX_SAFE
      ? i.toString()
      : JSON.stringify(i.toString());
  }
  if (isBytes(v)) return JSON.stringify(base64Encode(v));
  if (isDuration(v) || v instanceof Date)
    return JSON.stringify(formatString(v));
  if (isList(v)) return `[${listItems(v).map(jsonEncode).join(',')}]`;
  if (celTypeNameOf(v) === 'map') {
    const entries = mapEntries(v).map(([k, val]) => {
      if (typeof k !== 'string')
        throw celError(`unsupported map key type: ${celTypeNameOf(k)}`);
      return [k, jsonEncode(val)] as const;
    });
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([k, val]) => `${JSON.stringify(k)}:${val}`)
      .join(',')}}`;
  }
  throw celError(
    `type conversion error from '${celTypeNameOf(
      v,
    )}' to 'google.protobuf.Value'`,
  );
}

export function registerEncodersExtension(env: Environment): void {
  registerNamespace(env, 'base64');
  registerNamespace(env, 'json');
  env
    .registerFunction(
      'base64.encode(bytes): string',
      (_: unknown, b: Uint8Array) => base64Encode(b),
    )
    .registerFunction('base64.decode(string): bytes', (_: unknown, s: string) =>
      base64Decode(s),
    )
    .registerFunction('json.encode(dyn): string', (_: unknown, v: unknown) =>
      jsonEncode(v),
    );
}
