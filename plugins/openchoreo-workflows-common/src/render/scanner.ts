/**
 * One `${...}` occurrence in a template string.
 *
 * @public
 */
export interface CelMatch {
  /** The whole `${...}` text. */
  full: string;
  /** The CEL expression between `${` and the matching `}`. */
  inner: string;
  /** Index of `$` in the scanned string. */
  start: number;
  /** Index just after the closing `}`. */
  end: number;
}

/** Message of OpenChoreo's ErrNestedExpression. */
export const NESTED_EXPRESSION_MESSAGE =
  'nested CEL expressions must be quoted';

/**
 * A `${` appeared, outside quotes, inside another expression.
 *
 * @public
 */
export class NestedExpressionError extends Error {
  /** The text from the outer `${` up to and including the inner `${`. */
  readonly fragment: string;
  constructor(fragment: string) {
    super(`${NESTED_EXPRESSION_MESSAGE}: ${fragment}`);
    this.name = 'NestedExpressionError';
    this.fragment = fragment;
  }
}

/**
 * Finds the `${...}` expressions of a string the way OpenChoreo's
 * `FindCELExpressions` does: braces are balanced, braces inside '…' or "…"
 * (with backslash escapes) are ignored, a second `${` outside quotes is an
 * error, and an unclosed `${` stops the scan (the rest stays literal).
 *
 * @public
 */
export function findExpressions(str: string): CelMatch[] {
  const matches: CelMatch[] = [];
  let i = 0;
  while (i < str.length) {
    const start = str.indexOf('${', i);
    if (start === -1) break;
    let brace = 1;
    let pos = start + 2;
    let inSingle = false;
    let inDouble = false;
    let escaped = false;
    while (pos < str.length && brace > 0) {
      const c = str[pos];
      switch (c) {
        case '\\':
          if (inSingle || inDouble) escaped = !escaped;
          break;
        case "'":
          if (!inDouble && !escaped) inSingle = !inSingle;
          escaped = false;
          break;
        case '"':
          if (!inSingle && !escaped) inDouble = !inDouble;
          escaped = false;
          break;
        case '{':
          if (!inSingle && !inDouble) brace++;
          escaped = false;
          break;
        case '}':
          if (!inSingle && !inDouble) brace--;
          escaped = false;
          break;
        case '$':
          if (!inSingle && !inDouble && str[pos + 1] === '{') {
            throw new NestedExpressionError(str.slice(start, pos + 2));
          }
          escaped = false;
          break;
        default:
          escaped = false;
      }
      pos++;
    }
    if (brace !== 0) break;
    matches.push({
      full: str.slice(start, pos),
      inner: str.slice(start + 2, pos - 1),
      start,
      end: pos,
    });
    i = pos;
  }
  return matches;
}

/** True when the string, trimmed, is exactly one `${...}` (its result keeps its type). */
export function isStandalone(str: string, matches: CelMatch[]): boolean {
  return matches.length === 1 && matches[0].full === str.trim();
}
