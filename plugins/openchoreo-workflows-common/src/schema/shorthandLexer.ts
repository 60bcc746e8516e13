/**
 * Lexical rules of the legacy shorthand (`string | default=main description="Git branch"`),
 * ported from OpenChoreo v0.17 `internal/schema/extractor/schema.go`.
 */

/**
 * Splits a constraint expression at whitespace outside quotes (`'`/`"`, backslash escapes inside)
 * and outside `{}`/`[]` (depth tracked). Quotes and brackets are kept in the tokens.
 */
export function tokenizeConstraints(expr: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inQuotes = false;
  let quoteChar = '';
  let escaped = false;
  let depth = 0;
  for (const ch of expr) {
    if (inQuotes) {
      current += ch;
      if (escaped) {
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
      } else if (ch === quoteChar) {
        inQuotes = false;
      }
    } else if (ch === '"' || ch === "'") {
      inQuotes = true;
      quoteChar = ch;
      current += ch;
    } else if (ch === '{' || ch === '[') {
      depth++;
      current += ch;
    } else if (ch === '}' || ch === ']') {
      if (depth > 0) depth--;
      current += ch;
    } else if (/\s/u.test(ch) && depth === 0) {
      if (current.length > 0) {
        tokens.push(current);
        current = '';
      }
    } else {
      current += ch;
    }
  }
  if (current.length > 0) tokens.push(current);
  return tokens;
}

/** Splits at `sep` outside double quotes only; items are trimmed and empty items dropped. */
export function splitRespectingQuotes(value: string, sep: string): string[] {
  const result: string[] = [];
  let current = '';
  let inQuotes = false;
  let escaped = false;
  const flush = () => {
    const trimmed = current.trim();
    if (trimmed !== '') result.push(trimmed);
    current = '';
  };
  for (const ch of value) {
    if (escaped) {
      current += ch;
      escaped = false;
    } else if (ch === '\\' && inQuotes) {
      current += ch;
      escaped = true;
    } else if (ch === '"') {
      current += ch;
      inQuotes = !inQuotes;
    } else if (ch === sep && !inQuotes) {
      flush();
    } else {
      current += ch;
    }
  }
  flush();
  return result;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
};

/** Hex digits after `\x`, `\u`, `\U`. */
const ESCAPE_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

function pushCodePoint(bytes: number[], cp: number) {
  const encoded = new TextEncoder().encode(String.fromCodePoint(cp));
  bytes.push(...encoded);
}

/**
 * Go's `strconv.Unquote` for a double-quoted literal: Go escapes (`\n`, `\t`, `\\`, `\"`,
 * `\xHH`, octal `\NNN`, `\uHHHH`, `\UHHHHHHHH`, ...). Returns undefined where Go fails
 * (unknown escape, `\'`, a bare `"` or newline inside).
 */
export function goUnquote(literal: string): string | undefined {
  if (
    literal.length < 2 ||
    literal[0] !== '"' ||
    literal[literal.length - 1] !== '"'
  ) {
    return undefined;
  }
  const inner = literal.slice(1, -1);
  const bytes: number[] = [];
  const hex = /^[0-9a-fA-F]+$/;
  let i = 0;
  while (i < inner.length) {
    const ch = inner[i];
    if (ch === '"' || ch === '\n') return undefined;
    if (ch !== '\\') {
      const cp = inner.codePointAt(i)!;
      pushCodePoint(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const esc = inner[i + 1];
    if (esc === undefined) return undefined;
    if (esc in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[esc]);
      i += 2;
    } else if (esc === 'x' || esc === 'u' || esc === 'U') {
      const len = ESCAPE_DIGITS[esc];
      const digits = inner.slice(i + 2, i + 2 + len);
      if (digits.length !== len || !hex.test(digits)) return undefined;
      const value = parseInt(digits, 16);
      if (esc === 'x') {
        bytes.push(value);
      } else {
        if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
          return undefined;
        pushCodePoint(bytes, value);
      }
      i += 2 + len;
    } else if (esc >= '0' && esc <= '7') {
      const digits = inner.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      const value = parseInt(digits, 8);
      if (value > 255) return undefined;
      bytes.push(value);
      i += 4;
    } else {
      return undefined;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Removes surrounding quotes: `"…"` through Go unquoting (left as is when that fails),
 * `'…'` stripped with `''` → `'`.
 */
export function unquoteIfNeeded(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    const last = value[value.length - 1];
    if (first === '"' && last === '"') {
      const parsed = goUnquote(value);
      if (parsed !== undefined) return parsed;
    } else if (first === "'" && last === "'") {
      return value.slice(1, -1).split("''").join("'");
    }
  }
  return value;
}

/** Go `strconv.ParseBool`. */
export function goParseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

const INT64_MAX = BigInt('9223372036854775807');
const INT64_MIN = BigInt('-9223372036854775808');

/** Go `strconv.ParseInt(value, 10, 64)`; a string describing the failure when it fails. */
export function goParseInt(value: string): number | string {
  if (!/^[+-]?\d+$/.test(value)) return `invalid syntax`;
  const big = BigInt(value);
  if (big > INT64_MAX || big < INT64_MIN) return `value out of range`;
  return Number(big);
}

/** Go `strconv.ParseFloat(value, 64)` for finite decimal forms; a failure description otherwise. */
export function goParseFloat(value: string): number | string {
  const text = value;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const num = Number(text);
    return Number.isFinite(num) ? num : 'value out of range';
  }
  if (/^[+-]?(inf|infinity|nan)$/i.test(value)) return 'not a finite number';
  return 'invalid syntax';
}
