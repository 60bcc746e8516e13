import Ajv from 'ajv';
import {
  compileRe2,
  MAX_PATTERN_LENGTH,
  re2Matches,
  re2RegExp,
  RegexSyntaxError,
} from './re2';

describe('RE2 regular expressions', () => {
  it('matches a catastrophic-backtracking pattern in linear time', () => {
    // JavaScript's RegExp backtracks for ever on this input; RE2 cannot.
    expect(re2Matches('^(a+)+$', `${'a'.repeat(100_000)}!`)).toBe(false);
    expect(re2Matches('^(x+x+)+y$', 'x'.repeat(100_000))).toBe(false);
    expect(re2Matches('^(a+)+$', 'a'.repeat(100_000))).toBe(true);
  });

  it('has Go syntax: inline flags, Unicode classes, POSIX classes, \\z', () => {
    expect(re2Matches('(?i)^abc$', 'ABC')).toBe(true);
    expect(re2Matches('^\\pL+$', 'héllo')).toBe(true);
    expect(re2Matches('^[[:alpha:]]+$', 'abc')).toBe(true);
    expect(re2Matches('c\\z', 'abc')).toBe(true);
    expect(re2Matches('^.$', '😀')).toBe(true); // one code point
  });

  it('matches anywhere, like regexp.MatchString', () => {
    expect(re2Matches('ubb', 'hubba')).toBe(true);
    expect(re2Matches('^ubb', 'hubba')).toBe(false);
  });

  it('rejects what RE2 does not have, with its message', () => {
    expect(() => compileRe2('(?=a)')).toThrow(RegexSyntaxError);
    expect(() => compileRe2('(?=a)')).toThrow(
      'invalid or unsupported Perl syntax',
    );
    expect(() => compileRe2('(a)\\1')).toThrow('invalid escape sequence');
    expect(() => compileRe2('(a{1000}){1000}')).toThrow('invalid repeat count');
  });

  it('refuses patterns longer than the limit', () => {
    expect(() => compileRe2('a'.repeat(MAX_PATTERN_LENGTH + 1))).toThrow(
      `more than the ${MAX_PATTERN_LENGTH} allowed`,
    );
    expect(re2Matches('a'.repeat(MAX_PATTERN_LENGTH), 'a')).toBe(false);
  });

  it('is an ajv regExp engine: pattern and patternProperties, each pattern its own', () => {
    const ajv = new Ajv({ code: { regExp: re2RegExp }, allErrors: true });
    const validate = ajv.compile({
      type: 'object',
      properties: {
        a: { type: 'string', pattern: '^(a+)+$' },
        b: { type: 'string', pattern: '(?i)^b$' },
      },
      patternProperties: { '^x-\\pL+$': { type: 'integer' } },
    });
    expect(validate({ a: `${'a'.repeat(100_000)}!`, b: 'B', 'x-é': 1 })).toBe(
      false,
    );
    expect(validate.errors?.map(e => e.instancePath)).toEqual(['/a']);
    expect(validate({ a: 'aaa', b: 'b', 'x-é': 'one' })).toBe(false);
    expect(validate.errors?.map(e => e.instancePath)).toEqual(['/x-é']);
    expect(validate({ a: 'aaa', b: 'B' })).toBe(true);
  });
});
