/**
 * The string functions of cel-go's `ext.Strings` that cel-js lacks, with Go's
 * semantics (they call Go's `strings` package) and bounded sizes.
 */

/**
 * Longest string these functions return. Go has no such limit; no
 * Kubernetes object can hold a longer string (etcd stores at most 1.5 MiB per
 * object), and a bound keeps one expression from filling the memory.
 *
 * @public
 */
export const MAX_STRING_LENGTH = 2 * 1024 * 1024;

/**
 * A result over MAX_STRING_LENGTH, named by the function that would produce it.
 *
 * @public
 */
export class StringSizeError extends Error {
  constructor(fn: string, length: number) {
    super(
      `${fn}: the result would be ${length} characters long, more than the ${MAX_STRING_LENGTH} allowed`,
    );
    this.name = 'StringSizeError';
  }
}

/**
 * Go's `strings.Replace(s, old, new, n)`: at most `n` replacements (all when
 * `n < 0`, none when 0), left to right, without overlaps. An empty `old`
 * matches before every rune (code point) and at the end, so a k-rune string
 * has k + 1 matches: `'ab'.replace('', '-')` is `-a-b-`.
 *
 * @public
 */
export function goReplace(
  s: string,
  old: string,
  replacement: string,
  n: bigint,
): string {
  if (old === replacement || n === 0n) return s;
  if (old === '') return replaceEmpty(s, replacement, n);

  const starts: number[] = [];
  for (
    let at = s.indexOf(old);
    at >= 0 && (n < 0n || BigInt(starts.length) < n);
    at = s.indexOf(old, at + old.length)
  ) {
    starts.push(at);
  }
  if (starts.length === 0) return s;
  checkLength(s.length + starts.length * (replacement.length - old.length));
  let out = '';
  let last = 0;
  for (const at of starts) {
    out += s.slice(last, at) + replacement;
    last = at + old.length;
  }
  return out + s.slice(last);
}

function replaceEmpty(s: string, replacement: string, n: bigint): string {
  const runes = Array.from(s);
  const matches = runes.length + 1;
  const count = n < 0n || BigInt(matches) < n ? matches : Number(n);
  checkLength(s.length + count * replacement.length);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) parts.push(runes[i - 1]);
    parts.push(replacement);
  }
  parts.push(runes.slice(count - 1).join(''));
  return parts.join('');
}

function checkLength(length: number) {
  if (length > MAX_STRING_LENGTH) throw new StringSizeError('replace', length);
}
