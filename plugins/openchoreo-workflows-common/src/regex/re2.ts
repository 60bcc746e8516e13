import { RE2JS } from 're2js';

/**
 * Regular expressions with RE2 semantics, as Kubernetes (`pattern` in
 * OpenAPI schemas) and cel-go (`matches`) have them: Go's syntax (`(?i)`,
 * `\pL`, `[[:alpha:]]`; no lookaround or backreferences) and matching in time
 * linear in the input, so no pattern can backtrack for ever. Backed by re2js,
 * a pure JavaScript port of RE2, which also runs in the browser.
 */

/**
 * Longest pattern we compile. Go has no such limit, but compiling takes time
 * in proportion to the pattern, and patterns come from Workflow resources
 * anyone with write access can edit; real ones are far shorter.
 *
 * @public
 */
export const MAX_PATTERN_LENGTH = 16 * 1024;

/** Compiled patterns, least recently used dropped first. */
const MAX_CACHED = 512;
const cache = new Map<string, RE2JS>();

/**
 * A pattern that RE2 does not accept (or that is too long); the message is RE2's.
 *
 * @public
 */
export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

/**
 * The compiled RE2 program of a pattern; throws RegexSyntaxError.
 *
 * @public
 */
export function compileRe2(pattern: string): RE2JS {
  const cached = cache.get(pattern);
  if (cached) {
    cache.delete(pattern);
    cache.set(pattern, cached);
    return cached;
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new RegexSyntaxError(
      `error parsing regexp: the pattern is ${pattern.length} characters long, more than the ${MAX_PATTERN_LENGTH} allowed`,
    );
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (e) {
    throw new RegexSyntaxError((e as Error).message);
  }
  cache.set(pattern, compiled);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return compiled;
}

/**
 * Whether `pattern` matches anywhere in `text` (Go's `regexp.MatchString`).
 *
 * @public
 */
export function re2Matches(pattern: string, text: string): boolean {
  return compileRe2(pattern).test(text);
}

/**
 * What ajv calls with the result of `code.regExp`: only `test`.
 *
 * @public
 */
export interface RegExpLike {
  test(text: string): boolean;
  toString(): string;
}

/**
 * The regular-expression engine for ajv (`new Ajv({code: {regExp: re2RegExp}})`),
 * used for `pattern` and `patternProperties`. Flags are ignored: RE2 always
 * matches Unicode code points. `toString` must tell patterns apart, because
 * ajv shares compiled patterns by it.
 *
 * @public
 */
export const re2RegExp = Object.assign(
  (pattern: string, _flags: string): RegExpLike => {
    const compiled = compileRe2(pattern);
    return {
      test: (text: string) => compiled.test(text),
      toString: () => `re2:${pattern}`,
    };
  },
  // Only ajv's standalone code generation reads this; we never generate standalone code.
  { code: 'require("re2js").RE2JS.compile' },
);
