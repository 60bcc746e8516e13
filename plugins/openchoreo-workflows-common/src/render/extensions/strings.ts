import { markGoStrings } from '../goTree';
import { Environment } from '@marcbachmann/cel-js';
import { formatCall, goTimestamp } from './format';
import { goShortestFixed } from './goNumbers';
import { registerNamespace } from './namespace';
import { overrideName } from './overrides';
import { celError, CelDuration } from './values';

/**
 * cel-go's ext.Strings at its latest version (OpenChoreo passes no
 * version: cel-go v0.29.2 ext/strings.go), where cel-js lacks a function or
 * differs: indices count code points, `lowerAscii`/`upperAscii` change ASCII
 * letters only, `trim` trims Go's Unicode white space, `split` works as Go's
 * strings.Split/SplitN. cel-js's own versions of these are replaced through
 * overrides.ts. `charAt`, `replace` and `reverse` are registered in cel.ts.
 */

const runes = (s: string) => Array.from(s);

function outOfRange(i: bigint | number): Error {
  return celError(`index out of range: ${i}`);
}

export function indexOf(s: string, sub: string, offset = 0n): bigint {
  if (offset < 0n) throw outOfRange(offset);
  const r = runes(s);
  const len = BigInt(r.length);
  if (sub === '') return offset > len ? len : offset;
  if (offset >= len) return -1n;
  const subRunes = runes(sub);
  for (let i = Number(offset); i < r.length - (subRunes.length - 1); i++) {
    if (subRunes.every((c, j) => r[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

export function lastIndexOf(s: string, sub: string, offset?: bigint): bigint {
  const r = runes(s);
  const len = BigInt(r.length);
  if (offset === undefined) {
    if (sub === '') return len;
    if (
      new TextEncoder().encode(s).length < new TextEncoder().encode(sub).length
    )
      return -1n;
    return lastIndexOf(s, sub, len - 1n);
  }
  if (offset < 0n) throw outOfRange(offset);
  if (sub === '') return offset > len ? len : offset;
  if (offset >= len) return -1n;
  const subRunes = runes(sub);
  let off = Number(offset);
  if (off > r.length - subRunes.length) off = r.length - subRunes.length;
  for (let i = off; i >= 0; i--) {
    if (subRunes.every((c, j) => r[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

export function substring(s: string, start: bigint, end?: bigint): string {
  const r = runes(s);
  const len = BigInt(r.length);
  if (end === undefined) {
    if (start < 0n || start > len) throw outOfRange(start);
    return r.slice(Number(start)).join('');
  }
  if (start > end) {
    throw celError(`invalid substring range. start: ${start}, end: ${end}`);
  }
  if (start < 0n || start > len) throw outOfRange(start);
  if (end < 0n || end > len) throw outOfRange(end);
  return r.slice(Number(start), Number(end)).join('');
}

function mapAscii(s: string, map: (c: string) => string, pattern: RegExp) {
  return s.replace(pattern, map);
}

/** Go's unicode.IsSpace, which strings.TrimSpace trims. */
const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** Go's strings.SplitN (n < 0: all). */
export function split(s: string, sep: string, n = -1n): string[] {
  if (n === 0n) return [];
  if (sep === '') {
    const r = runes(s);
    const count = n < 0n || n > BigInt(r.length) ? r.length : Number(n);
    if (count === 0) return [];
    return [...r.slice(0, count - 1), r.slice(count - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0n || BigInt(parts.length) <= n) return parts;
  const head = parts.slice(0, Number(n) - 1);
  return [...head, parts.slice(Number(n) - 1).join(sep)];
}

export function join(list: unknown[], sep = ''): string {
  return list
    .map(item => {
      if (typeof item !== 'string')
        throw celError(`join: invalid input: ${goValueText(item)}`);
      return item;
    })
    .join(sep);
}

function goValueText(v: unknown): string {
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goShortestFixed(v);
  return typeof v === 'object'
    ? JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))
    : String(v);
}

/** `strings.quote`: a double-quoted string with CEL's escapes. */
export function quote(s: string): string {
  const escapes: Record<string, string> = {
    '\x07': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
    '\\': '\\\\',
    '"': '\\"',
  };
  const text = runes(s)
    .map(c => {
      const code = c.codePointAt(0)!;
      if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
      return escapes[c] ?? c;
    })
    .join('');
  return `"${text}"`;
}

/** cel-go's `string(duration)`: seconds as Go's shortest float, then "s". */
export function durationText(d: CelDuration): string {
  const total = d.seconds * 1_000_000_000n + BigInt(d.nanos);
  const seconds = total / 1_000_000_000n;
  const nanos = total % 1_000_000_000n;
  return `${goShortestFixed(Number(seconds) + Number(nanos) / 1e9)}s`;
}

export function registerStringsExtension(env: Environment): void {
  registerNamespace(env, 'strings');
  const o = overrideName;
  env
    .registerFunction(
      `string.${o('indexOf')}(string): int`,
      (s: string, sub: string) => indexOf(s, sub),
    )
    .registerFunction(
      `string.${o('indexOf')}(string, int): int`,
      (s: string, sub: string, i: bigint) => indexOf(s, sub, i),
    )
    .registerFunction(
      `string.${o('lastIndexOf')}(string): int`,
      (s: string, sub: string) => lastIndexOf(s, sub),
    )
    .registerFunction(
      `string.${o('lastIndexOf')}(string, int): int`,
      (s: string, sub: string, i: bigint) => lastIndexOf(s, sub, i),
    )
    .registerFunction(
      `string.${o('substring')}(int): string`,
      (s: string, a: bigint) => substring(s, a),
    )
    .registerFunction(
      `string.${o('substring')}(int, int): string`,
      (s: string, a: bigint, b: bigint) => substring(s, a, b),
    )
    .registerFunction(`string.${o('lowerAscii')}(): string`, (s: string) =>
      mapAscii(s, c => c.toLowerCase(), /[A-Z]+/g),
    )
    .registerFunction(`string.${o('upperAscii')}(): string`, (s: string) =>
      mapAscii(s, c => c.toUpperCase(), /[a-z]+/g),
    )
    .registerFunction(`string.${o('trim')}(): string`, (s: string) =>
      s.replace(TRIM, ''),
    )
    .registerFunction(
      `string.${o('split')}(string): list<string>`,
      (s: string, sep: string) => markGoStrings(split(s, sep)),
    )
    .registerFunction(
      `string.${o('split')}(string, int): list<string>`,
      (s: string, sep: string, n: bigint) => markGoStrings(split(s, sep, n)),
    )
    .registerFunction(`list<string>.${o('join')}(): string`, (l: unknown[]) =>
      join(l),
    )
    .registerFunction(
      `list<string>.${o('join')}(string): string`,
      (l: unknown[], sep: string) => join(l, sep),
    )
    .registerFunction(
      'string.format(list): string',
      (s: string, args: unknown[]) => formatCall(s, args),
    )
    .registerFunction(
      'strings.quote(string): string',
      (_ns: unknown, s: string) => quote(s),
    )
    .registerFunction(
      'string(google.protobuf.Duration): string',
      (d: CelDuration) => durationText(d),
    )
    .registerFunction('string(google.protobuf.Timestamp): string', (t: Date) =>
      goTimestamp(t),
    );
}
