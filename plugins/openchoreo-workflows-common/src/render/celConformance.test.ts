import { evaluateCel } from './cel';
import { celToGo, toJsonData } from './goTree';

/**
 * A representative subset of the official CEL conformance tests
 * (google/cel-spec tests/simple/testdata/*.textproto), transcribed by hand:
 * [file/section/test name, expression, expected value | {error: substring}].
 * Only cases that run with the type checker on (OpenChoreo compiles with
 * checking) are listed; ints are compared as bigint.
 */
type Expected = unknown | { error: string };

/** The value of an expression, or its error message. */
function outcome(expression: string): { value: unknown } | { error: string } {
  try {
    return { value: evaluateCel(expression, {}) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function expectation(expected: Expected) {
  if (expected && typeof expected === 'object' && 'error' in expected) {
    return {
      error: expect.stringMatching(
        new RegExp((expected as { error: string }).error, 'i'),
      ),
    };
  }
  return { value: expected };
}
const cases: Array<[string, string, Expected]> = [
  // integer_math
  ['integer_math/add_positive_negative', '42 + (-7)', 35n],
  ['integer_math/sub_negative_negative', '-42 - (-12)', -30n],
  ['integer_math/multiply_positive_negative', '40 * (-2)', -80n],
  ['integer_math/divide_negative_negative', '-80 / (-2)', 40n],
  ['integer_math/mod_positive_negative', '43 % (-5)', 3n],
  ['integer_math/mod_negative_positive', '-3 % 5', -3n],
  ['integer_math/unary_minus_neg', '-(-42)', 42n],
  [
    'integer_math/add_mul_distribute',
    '5 * (15 + 25)  == 5 * 15 + 5 * 25',
    true,
  ],
  ['integer_math/divide_zero', '15 / 0', { error: 'division by zero' }],
  ['integer_math/mod_zero', '34 % 0', { error: 'modulo by zero' }],
  [
    'integer_math/int64_overflow_positive',
    '9223372036854775807 + 1',
    { error: 'overflow' },
  ],
  [
    'integer_math/int64_overflow_negative',
    '-9223372036854775808 - 1',
    { error: 'overflow' },
  ],
  // fp_math
  ['fp_math/add_positive_positive', '4.25 + 15.25', 19.5],
  ['fp_math/multiply_positive_negative', '40.75 * (-2.25)', -91.6875],
  ['fp_math/divide_negative_negative', '-8.875 / (-0.0625)', 142],
  ['fp_math/divide_zero', '15.75 / 0.0', Infinity],
  // basic
  [
    'basic/self_eval_int_negative_min',
    '-9223372036854775808',
    -9223372036854775808n,
  ],
  ['basic/self_eval_empty_list', '[]', []],
  ['basic/self_eval_string_raw_prefix', 'r""', ''],
  ['basic/self_eval_null', 'null', null],
  // comparisons
  ['comparisons/eq_int_double', 'dyn(1) == 1.0', true],
  ['comparisons/not_eq_double_nan', '0.0/0.0 == 0.0/0.0', false],
  [
    'comparisons/eq_map_value_mixed_types',
    "{'a': 1, 'b': 'x'} == {'b': 'x', 'a': 1}",
    true,
  ],
  ['comparisons/lt_string', "'a' < 'b'", true],
  // string
  ['string/size_unicode', "size('πέντε')", 5n],
  ['string/starts_with_unicode', "'завтра'.startsWith('за')", true],
  ['string/ends_with_basic_true', "'foobar'.endsWith('bar')", true],
  ['string/matches_basic', "'hubba'.matches('ubb')", true],
  ['string/concat', "'he' + 'llo'", 'hello'],
  ['string/contains', "'hello'.contains('ell')", true],
  // conversions
  ['conversions/int_from_string', "int('-987')", -987n],
  ['conversions/string_from_int', 'string(-123)', '-123'],
  ['conversions/double_from_int', 'double(1000000000000)', 1e12],
  ['conversions/int_from_double_truncate', 'int(-1.9)', -1n],
  ['conversions/int_from_bad_string', "int('abc')", { error: 'int' }],
  // lists
  ['lists/list_append', '[0, 1, 2] + [3, 4, 5] == [0, 1, 2, 3, 4, 5]', true],
  ['lists/index_zero_based', '[7, 8, 9][0]', 7n],
  ['lists/index_out_of_bounds', '[1, 2, 3][3]', { error: 'out of bounds' }],
  ['lists/in_first', "'alpha' in ['alpha', 'beta', 'gamma']", true],
  ['lists/in_empty', '7 in []', false],
  ['lists/size', 'size([1, 2, 3])', 3n],
  // maps (fields.textproto)
  ['fields/map_key_int', '{0: 1, 2: 2, 5: true}[5]', true],
  ['fields/map_no_such_key', "{'a': 1}.b", { error: 'No such key' }],
  ['fields/in_map', "'a' in {'a': 1}", true],
  // macros
  ['macros/exists_list_elem_some_true', '[1, 2, 3].exists(e, e == 2)', true],
  [
    'macros/exists_map_key',
    "{'key1':1, 'key2':2}.exists(k, k == 'key2')",
    true,
  ],
  [
    'macros/exists_error',
    '[1, 2, 3].exists(e, e / 0 == 17)',
    { error: 'division by zero' },
  ],
  ['macros/all_list_elem_all_true', '[1, 2, 3].all(e, e > 0)', true],
  [
    'macros/all_error_shortcircuit',
    '[1, 2, 3].all(e, 6 / (2 - e) == 6)',
    false,
  ],
  [
    'macros/exists_one_list_many',
    '[0, 1, 2, 3, 4].exists_one(n, n % 2 == 1)',
    false,
  ],
  ['macros/map_list_many', '[2, 4, 6].map(n, n / 2)', [1n, 2n, 3n]],
  [
    'macros/map_extract_keys',
    "{'John': 'smart'}.map(key, key) == ['John']",
    true,
  ],
  ['macros/filter_list', '[1, 2, 3, 4].filter(n, n % 2 == 0)', [2n, 4n]],
  [
    'macros/map_error',
    '[2, 1, 0].map(n, 4 / n)',
    { error: 'division by zero' },
  ],
  // optionals
  ['optionals/null', 'optional.of(null).hasValue()', true],
  [
    'optionals/none_or_none_or_value',
    'optional.none().or(optional.none()).orValue(42)',
    42n,
  ],
  [
    'optionals/map_null_entry_hasValue',
    "{'null_key': dyn(null)}.?null_key.hasValue()",
    true,
  ],
  ['optionals/map_absent_key', "{'a': 1}.?b.orValue(7)", 7n],
  ['optionals/map_present_key', "{'a': 1}.?a.orValue(7)", 1n],
  [
    'optionals/none_optMap_hasValue (extensions/optionals.ts)',
    'optional.none().optMap(y, y + 1).hasValue()',
    false,
  ],
  [
    'optionals/empty_map_optFlatMap_hasValue (extensions/optionals.ts)',
    '{}.?key.optFlatMap(k, k.?subkey).hasValue()',
    false,
  ],
  // logic
  ['logic/conditional_true_case', 'true ? 1 : 2', 1n],
  ['logic/conditional_false_case', "false ? 'foo' : 'bar'", 'bar'],
  [
    'logic/conditional_error_case',
    "2 / 0 > 4 ? 'baz' : 'quux'",
    { error: 'division by zero' },
  ],
  [
    'logic/and_short_circuit_error_left',
    'false && (2 / 0 > 3 ? false : true)',
    false,
  ],
  [
    'logic/and_short_circuit_error_right',
    '(2 / 0 > 3 ? false : true) && false',
    false,
  ],
  [
    'logic/or_short_circuit_error_right',
    '(2 / 0 > 3 ? false : true) || true',
    true,
  ],
  ['logic/and_error_right', 'true && 1/0 != 0', { error: 'division by zero' }],
  ['logic/not', '!false', true],
  [
    'macros/all_list_empty (extensions/freeTypeOperands.ts)',
    '[].all(e, e > 0)',
    true,
  ],
  // errors: type and parse
  ['plumbing/no_overload', "1 + 'a'", { error: 'overload' }],
  ['parse/unterminated', '1 + ', { error: 'Unexpected' }],
];

describe('CEL conformance subset (google/cel-spec simple tests)', () => {
  it.each(cases)('%s: %s', (_name, expression, expected) => {
    expect(outcome(expression)).toEqual(expectation(expected));
  });
});

/**
 * Conformance cases where @marcbachmann/cel-js 8.0.0 differs from the spec
 * (those our extensions/ fixed moved to the cases above):
 * [name, expression, spec result, what cel-js does]. Kept as tests so a
 * library upgrade that fixes them is noticed.
 */
const divergences: Array<
  [string, string, unknown, { error: string } | unknown]
> = [
  [
    'comparisons/eq_list_mixed_type_numbers',
    '[1.0, 2.0, 3] == [1u, 2, 3u]',
    true,
    false,
  ],
  [
    'fields/has_map_key (has() on a literal)',
    "has({'a': 1, 'b': 2}.a)",
    true,
    { error: 'has\\(\\) invalid argument' },
  ],
];

describe('known cel-js divergences from the CEL spec', () => {
  it.each(divergences)(
    '%s: %s (spec: %p)',
    (_name, expression, _spec, actual) => {
      expect(outcome(expression)).toEqual(expectation(actual));
    },
  );
  it('has() works on variables, which is what templates use', () => {
    const vars = { parameters: { a: 1n } };
    expect(evaluateCel('has(parameters.a)', vars)).toBe(true);
    expect(evaluateCel('has(parameters.b)', vars)).toBe(false);
    expect(evaluateCel('parameters.?a.hasValue()', vars)).toBe(true);
  });
});

describe('CEL semantics the templates rely on', () => {
  const vars = {
    parameters: { count: 2n, ratio: 0.5, name: 'x', nested: {} },
  };
  it('adds to an int parameter and keeps doubles doubles', () => {
    expect(evaluateCel('parameters.count + 1', vars)).toBe(3n);
    expect(evaluateCel('parameters.ratio * 2.0', vars)).toBe(1);
    expect(() => evaluateCel('parameters.ratio + 1', vars)).toThrow(/overload/);
    expect(
      toJsonData(
        celToGo(evaluateCel('parameters.count + 1', vars), new WeakSet()),
      ),
    ).toBe(3);
  });
  it('supports optional field selection with defaults', () => {
    expect(evaluateCel('parameters.?missing.orValue("d")', vars)).toBe('d');
    expect(evaluateCel('parameters.?name.orValue("d")', vars)).toBe('x');
    expect(evaluateCel('parameters.nested.?deep.orValue(0)', vars)).toBe(0n);
  });
  it('reports missing keys and undeclared variables', () => {
    expect(() => evaluateCel('parameters.missing', vars)).toThrow(
      /no such key/i,
    );
    expect(() => evaluateCel('nothere.x', vars)).toThrow(
      /unknown variable|undeclared/i,
    );
  });
  it('allows mixed-type list and map literals (no homogeneous literal rule)', () => {
    expect(evaluateCel('[1, "a", true]', {})).toEqual([1n, 'a', true]);
    expect(evaluateCel('{"a": 1, "b": "x"}', {})).toEqual({ a: 1n, b: 'x' });
  });
  it('rejects a ternary with incompatible branch types, as cel-go checked expressions do', () => {
    expect(() => evaluateCel("true ? 'cows' : 17", {})).toThrow(/Ternary/);
  });
  it('has the cel-go ext.Strings functions templates use', () => {
    expect(evaluateCel("'a-b-c'.replace('-', '_')", {})).toBe('a_b_c');
    expect(evaluateCel("'a-b-c'.replace('-', '_', 1)", {})).toBe('a_b-c');
    expect(evaluateCel("'abc'.charAt(1)", {})).toBe('b');
    expect(evaluateCel("'abc'.reverse()", {})).toBe('cba');
    expect(evaluateCel("'a,b'.split(',')", {})).toEqual(['a', 'b']);
    expect(evaluateCel("['a', 'b'].join('-')", {})).toBe('a-b');
    expect(evaluateCel("' X '.trim().lowerAscii()", {})).toBe('x');
  });
});
