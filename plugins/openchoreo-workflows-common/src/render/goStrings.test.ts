import { evaluateCel } from './cel';
import { goReplace, MAX_STRING_LENGTH } from './goStrings';

const INT64_MAX = 9223372036854775807n;

describe("replace, as Go's strings.Replace", () => {
  it('returns at once for an empty search string and a huge count', () => {
    // Looped for ever before (the search never advanced past an empty match).
    expect(goReplace('x', '', '', INT64_MAX)).toBe('x');
    expect(evaluateCel("'x'.replace('', '', 9223372036854775807)", {})).toBe(
      'x',
    );
  });

  it('inserts the replacement around every rune for an empty search string', () => {
    // cel-go's documented example.
    expect(evaluateCel("'hello hello'.replace('', '_')", {})).toBe(
      '_h_e_l_l_o_ _h_e_l_l_o_',
    );
    expect(goReplace('ab', '', '-', -1n)).toBe('-a-b-');
    expect(goReplace('ab', '', '-', 1n)).toBe('-ab');
    expect(goReplace('hello hello', '', '_', 3n)).toBe('_h_e_llo hello');
    expect(goReplace('π😀', '', '|', -1n)).toBe('|π|😀|');
    expect(goReplace('', '', '|', -1n)).toBe('|');
    expect(goReplace('ab', '', '-', INT64_MAX)).toBe('-a-b-');
  });

  it('replaces at most n occurrences, all when n < 0, none when 0', () => {
    expect(evaluateCel("'hello hello'.replace('he', 'we')", {})).toBe(
      'wello wello',
    );
    expect(evaluateCel("'hello hello'.replace('he', 'we', -1)", {})).toBe(
      'wello wello',
    );
    expect(evaluateCel("'hello hello'.replace('he', 'we', 1)", {})).toBe(
      'wello hello',
    );
    expect(evaluateCel("'hello hello'.replace('he', 'we', 0)", {})).toBe(
      'hello hello',
    );
    expect(evaluateCel("'hello hello'.replace('h', '')", {})).toBe('ello ello');
    expect(goReplace('aaaa', 'aa', 'a', INT64_MAX)).toBe('aa');
    expect(goReplace('aaa', 'a', 'aa', -1n)).toBe('aaaaaa');
  });

  it('refuses a result longer than the limit, naming the function and the limit', () => {
    const s = 'a'.repeat(2000);
    expect(() => evaluateCel("s.replace('', s)", { s })).toThrow(
      `replace: the result would be ${
        2000 + 2001 * 2000
      } characters long, more than the ${MAX_STRING_LENGTH} allowed`,
    );
    expect(() => goReplace(s, 'a', s, 2000n)).toThrow('replace:');
    expect(goReplace(s, 'a', s, 1n)).toHaveLength(3999);
  });
});

describe('matches, with RE2 as cel-go has it', () => {
  it('is linear on a catastrophic-backtracking pattern', () => {
    // JavaScript's RegExp (cel-js's own matches) backtracked for ever here.
    expect(
      evaluateCel("s.matches('^(a+)+$')", { s: `${'a'.repeat(50_000)}!` }),
    ).toBe(false);
  });

  it("has Go's syntax, both call forms, and RE2's errors", () => {
    expect(evaluateCel("'ABC'.matches('(?i)^abc$')", {})).toBe(true);
    expect(evaluateCel("'hubba'.matches('ubb')", {})).toBe(true);
    expect(evaluateCel("matches('hubba', '^ubb')", {})).toBe(false);
    expect(evaluateCel('x.matches(p)', { x: 'héllo', p: '^\\pL+$' })).toBe(
      true,
    );
    expect(() => evaluateCel("'a'.matches('(?=a)')", {})).toThrow(
      'error parsing regexp',
    );
    expect(() => evaluateCel("1.matches('a')", {})).toThrow(
      'no matching overload',
    );
    expect(() => evaluateCel("x.matches('a')", { x: 1n })).toThrow(
      'no matching overload',
    );
    expect(evaluateCel("['ab', 'b'].filter(s, s.matches('^a'))", {})).toEqual([
      'ab',
    ]);
  });
});
