/*
 * A grammar of CEL expressions for the differential test: numbers (ints and
 * doubles), strings, lists, maps, has()/optionals, the oc_* functions, every
 * cel-go extension OpenChoreo enables, and expressions that fail (no such
 * overload, no such key, division by zero, overflow, index out of range, ...).
 *
 * Expressions name parameters through slots (`@@num:3:d@@`) that
 * `resolveSlots` (slots.ts) fills from the generated schema, so the grammar's
 * arbitraries are built once for every case.
 */
import fc from 'fast-check';

export type ExprKind =
  | 'int'
  | 'double'
  | 'num'
  | 'string'
  | 'bool'
  | 'list'
  | 'map'
  | 'any';

/** Kinds of parameter slots (see slots.ts). */
export type SlotKind =
  | 'num'
  | 'string'
  | 'bool'
  | 'list'
  | 'numlist'
  | 'strlist'
  | 'map'
  | 'any';

type Part = string | fc.Arbitrary<string>;

/** Concatenation of literal text and generated parts. */
function cat(...parts: Part[]): fc.Arbitrary<string> {
  return fc
    .tuple(...parts.map(p => (typeof p === 'string' ? fc.constant(p) : p)))
    .map(texts => texts.join(''));
}

const lit = (...values: string[]) => fc.constantFrom(...values);

/** A parameter slot: kind, which parameter (modulo the candidates), how it is accessed. */
export function slot(kind: SlotKind): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: 7 }), fc.constantFrom('d', 'd', 'd', 'o', 'o', 'h'))
    .map(([i, mode]) => `@@${kind}:${i}:${mode}@@`);
}

const LITERALS: Record<ExprKind, fc.Arbitrary<string>> = {
  int: lit('0', '1', '3', '-4', '100', '1234567', '9223372036854775807', '2'),
  double: lit(
    '2.5',
    '0.5',
    '1e6',
    '1234567.0',
    '1e-5',
    '3.0',
    '1e21',
    '0.1',
    '0.0',
  ),
  num: lit('3', '2.5'),
  string: lit("'abc'", '"x-y"', "''", "'Hello World'", "'a,b,c'", "'v1.2.3'"),
  bool: lit('true', 'false'),
  list: lit('[1, 2, 3]', "['a', 'b']", "[1, 2.5, 'a']", '[]', '[[1, 2], [3]]'),
  map: lit("{'a': 1, 'b': 'x'}", '{}', "{'k': [1, 2]}", "{'x': 2.5}"),
  any: lit(
    'null',
    "'s'",
    '7',
    '1.5',
    '[1]',
    "{'n': null}",
    "duration('90s')",
    "timestamp('2024-01-02T03:04:05Z')",
    "b'ab'",
    '2u',
  ),
};

/** Expressions that fail in both engines, one per error class (and a few more). */
const FAILING: fc.Arbitrary<string> = lit(
  "1 + 'a'", // no such overload
  "{'a': 1}['b']", // no such key
  'parameters.notDeclared', // no such key
  "metadata.labels['missing']", // no such key
  '7 / 0', // division by zero
  '7 % 0', // modulus by zero
  '9223372036854775807 + 1', // integer overflow
  '-9223372036854775807 - 2', // integer overflow
  'int(1e19)', // integer overflow (conversion)
  '[1, 2][5]', // index out of range
  "'abc'.substring(5)", // index out of range
  "'ab'.charAt(9)", // index out of range
  '[1, 2].slice(0, 9)', // index out of range
  "int('abc')", // conversion
  "base64.decode('!!')", // invalid base64
  'optional.none().value()', // optional none
  "[1, 'a'].sort()", // mixed list
  "['b', 2.5, 'a'].sort()", // mixed list
  'lists.range(-1)', // range
  'unknownVariable.x', // undeclared reference
  'undefinedName', // undeclared reference
  '[1].map(x, y)', // undeclared reference inside a macro
  '1 +', // syntax
  '(1 + 2', // syntax
  'string(null)', // no such overload
  "'x'.matches('(')", // regex
  "duration('x')", // conversion
  '1.0 / 0.0', // +Inf: cannot be sent as JSON outside an Argo argument
  "double('NaN')", // NaN: the same
);

const memo = new Map<string, fc.Arbitrary<string>>();

/** An expression of `kind`, at most `depth` levels deep. */
export function expr(kind: ExprKind, depth: number): fc.Arbitrary<string> {
  const key = `${kind}:${depth}`;
  let arb = memo.get(key);
  if (!arb) {
    arb = build(kind, depth);
    memo.set(key, arb);
  }
  return arb;
}

type Weighted = { weight: number; arbitrary: fc.Arbitrary<string> };
type Production = fc.Arbitrary<string> | Weighted;

function atomsOf(kind: ExprKind): fc.Arbitrary<string> {
  switch (kind) {
    case 'int':
    case 'double':
      return LITERALS[kind];
    case 'num':
      return fc.oneof(slot('num'), slot('num'), LITERALS.num);
    case 'string':
      return fc.oneof(
        slot('string'),
        LITERALS.string,
        lit(
          'metadata.workflowRunName',
          'metadata.namespaceName',
          'metadata.namespace',
          'workflowplane.secretStore',
          "metadata.labels[?'team'].orValue('none')",
        ),
      );
    case 'bool':
      return fc.oneof(slot('bool'), LITERALS.bool);
    case 'list':
      return fc.oneof(
        slot('list'),
        slot('numlist'),
        slot('strlist'),
        LITERALS.list,
      );
    case 'map':
      return fc.oneof(slot('map'), LITERALS.map, lit('metadata.labels'));
    case 'any':
      return fc.oneof(slot('any'), slot('num'), LITERALS.any);
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/** Kinds whose expressions have different static types in cel-go (int and double, list(int) and list(string), ...). */
const MIXED: ExprKind[] = ['num', 'list', 'map', 'any'];

/**
 * `c ? a : b`; cel-go rejects branches of different static types at compile
 * time, so those are mostly wrapped in dyn() (and sometimes not).
 */
function ternary(kind: ExprKind, d: number): fc.Arbitrary<string> {
  const branch = MIXED.includes(kind)
    ? fc.oneof(
        { weight: 4, arbitrary: cat('dyn(', expr(kind, d), ')') },
        { weight: 1, arbitrary: expr(kind, d) },
      )
    : expr(kind, d);
  return cat('(', expr('bool', d), ' ? ', branch, ' : ', branch, ')');
}

/** Mostly dyn(x): cel-go compares and tests membership only between equal static types. */
function dynMostly(kind: ExprKind, d: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: cat('dyn(', expr(kind, d), ')') },
    { weight: 1, arbitrary: expr(kind, d) },
  );
}

const e = expr;

/** Values cel-go lets be compared with null (checker/types.go isLegacyNullable), and some it does not. */
const NULL_COMPARABLE = lit(
  "duration('90s')",
  "timestamp('2024-01-02T03:04:05Z')",
  'optional.of(1)',
  'optional.none()',
  "{'a': duration('1s')}['a']",
);
const NOT_NULL_COMPARABLE = lit('1', "'a'", '[1]', '{}', 'true', "b'ab'");

/**
 * `x == null`, `null != x`, `null in [x]`, `c ? x : null` and a comprehension
 * over such values: cel-go's checker allows them only for some static types.
 */
function nullComparison(d: number): fc.Arbitrary<string> {
  const op = lit('==', '!=');
  return fc.oneof(
    cat('(', NULL_COMPARABLE, ' ', op, ' null)'),
    cat('(null ', op, ' ', NULL_COMPARABLE, ')'),
    cat('(null in [', NULL_COMPARABLE, '])'),
    cat('(', NULL_COMPARABLE, ' in [null])'),
    cat('((', e('bool', d), ' ? ', NULL_COMPARABLE, ' : null) == null)'),
    cat("{'a': ", NULL_COMPARABLE, '}.all(k, v, v != null)'),
    cat('[', NULL_COMPARABLE, '].exists(x, x == null)'),
    cat('(', NOT_NULL_COMPARABLE, ' ', op, ' null)'),
  );
}

/** `a + b` where either side may be an empty list (the slot: a parameter's list, maybe empty). */
function withEmpty(list: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    cat(lit('[] + ', 'dyn([]) + ', '[].filter(x, false) + '), list),
    cat(list, lit(' + []', ' + dyn([])')),
    cat(slot('list'), ' + ', list),
  );
}

/**
 * A split() result concatenated with a list that may be empty: cel-go
 * returns the other operand itself when one is empty, with its Go type, so
 * the result may still be split()'s `[]string`, which OpenChoreo's
 * controller prints with %v as a whole Argo argument (`[a b]`), not as JSON.
 */
export function splitWithEmpty(d: number): fc.Arbitrary<string> {
  return withEmpty(cat(e('string', d), ".split('", lit(',', ' ', '.'), "')"));
}

/** A list concatenated with a list that may be empty. */
function concatWithEmpty(d: number): fc.Arbitrary<string> {
  return fc.oneof(splitWithEmpty(d), withEmpty(e('list', d)));
}

const COMPOUND: Record<ExprKind, (d: number) => Production[]> = {
  int: d => [
    cat('(', e('int', d), ' ', lit('+', '-', '*'), ' ', e('int', d), ')'),
    cat(
      '(',
      e('int', d),
      ' ',
      lit('/', '%'),
      ' ',
      lit('2', '3', '0', '-1'),
      ')',
    ),
    cat('int(', e('num', d), ')'),
    cat('int(', lit("'12'", "'-3'", "'x'", '2.9', '-2.5', '1e19'), ')'),
    cat('size(', fc.oneof(e('list', d), e('string', d), e('map', d)), ')'),
    cat(
      e('string', d),
      '.',
      lit('indexOf', 'lastIndexOf'),
      '(',
      lit("'a'", "'b'", "''"),
      ')',
    ),
    cat('math.', lit('abs', 'sign'), '(', e('int', d), ')'),
    cat(
      'math.',
      lit('bitAnd', 'bitOr', 'bitXor'),
      '(',
      e('int', d),
      ', ',
      e('int', d),
      ')',
    ),
    cat(
      'math.bit',
      lit('ShiftLeft', 'ShiftRight'),
      '(',
      e('int', d),
      ', ',
      lit('1', '3', '-1', '64'),
      ')',
    ),
    cat(
      'math.',
      lit('greatest', 'least'),
      '(',
      e('int', d),
      ', ',
      e('int', d),
      ')',
    ),
    cat('9223372036854775807 - ', e('int', d)),
    cat(slot('numlist'), '[', lit('0', '0', '0', '1', '5', '-1'), ']'),
    cat('lists.range(', lit('0', '3', '5'), ').size()'),
    cat(slot('numlist'), '.', lit('size()', 'distinct().size()')),
  ],
  double: d => [
    cat('double(', e('num', d), ')'),
    cat(
      '(',
      e('double', d),
      ' ',
      lit('+', '-', '*', '/'),
      ' ',
      e('double', d),
      ')',
    ),
    cat(
      'math.',
      lit('ceil', 'floor', 'round', 'trunc', 'abs'),
      '(',
      e('double', d),
      ')',
    ),
    cat('math.sqrt(', e('num', d), ')'),
    cat('double(', lit("'2.5'", "'1e6'", "'NaN'", "'x'"), ')'),
    cat('(', e('num', d), ' * 2.0)'),
    cat(
      'math.',
      lit('greatest', 'least'),
      '(',
      e('double', d),
      ', ',
      e('num', d),
      ')',
    ),
  ],
  num: d => [
    cat(
      '(',
      e('num', d),
      ' ',
      lit('*', '+', '-'),
      ' ',
      lit('2', '1', '2.0', '0.5'),
      ')',
    ),
    cat('(', e('num', d), ' ', lit('/', '%'), ' ', lit('2', '0', '2.0'), ')'),
    cat(slot('numlist'), '.map(x, x * ', lit('2', '2.0'), ')[0]'),
    cat('math.', lit('greatest', 'least'), '(', slot('numlist'), ')'),
  ],
  string: d => [
    cat(e('string', d), ' + ', e('string', d)),
    cat(
      e('string', d),
      '.',
      lit('upperAscii()', 'lowerAscii()', 'trim()', 'reverse()'),
    ),
    cat(
      e('string', d),
      '.replace(',
      lit("'a'", "''", "'$'"),
      ', ',
      lit("'-'", "'${x}'", "''"),
      ')',
    ),
    cat(e('string', d), '.substring(', lit('0', '0', '1', '2'), ')'),
    cat(e('string', d), '.charAt(', lit('0', '0', '1', '3'), ')'),
    cat(e('string', d), ".split(',').join(", lit("'-'", "''"), ')'),
    cat(slot('strlist'), '.join(', lit("','", "'-'"), ')'),
    cat(
      "'",
      lit('%s-%d', '%s', '%d', '%.2f', '%x', '%o', '%b', '%e', '%s:%s'),
      "'.format([",
      fc.oneof(e('string', d), e('num', d), e('list', d)),
      fc.oneof(lit(''), cat(', ', e('num', d))),
      '])',
    ),
    cat('strings.quote(', e('string', d), ')'),
    cat(
      'string(',
      fc.oneof(e('num', d), e('bool', d), e('string', d), e('any', d)),
      ')',
    ),
    cat('base64.encode(bytes(', e('string', d), '))'),
    cat(
      'string(base64.decode(',
      fc.oneof(
        lit("'aGVsbG8='", "'aGk'", "'!!'", "'a'"),
        cat('base64.encode(bytes(', e('string', d), '))'),
        e('string', d),
      ),
      '))',
    ),
    cat('oc_hash(', e('string', d), ')'),
    cat(
      lit('oc_generate_name', 'oc_dns_label'),
      '(',
      e('string', d),
      fc.oneof(lit(''), cat(', ', e('string', d)), cat(', ', e('num', d))),
      ')',
    ),
    cat(
      lit('oc_generate_name', 'oc_dns_label'),
      '([',
      e('string', d),
      ', ',
      e('any', d),
      '])',
    ),
    cat(slot('strlist'), '.sort().join(', lit("','", "''"), ')'),
    {
      weight: 3,
      arbitrary: cat(
        "metadata.labels['",
        lit('team', 'app.kubernetes.io/name', 'missing'),
        "']",
      ),
    },
    cat(e('map', d), '.transformList(k, v, k).sort().join(', lit("','"), ')'),
    cat(
      'string(',
      lit(
        'timestamp("2024-01-02T03:04:05Z")',
        'duration("90s")',
        "b'abc'",
        '1u',
      ),
      ')',
    ),
  ],
  bool: d => [
    cat(
      '(',
      e('num', d),
      ' ',
      lit('==', '!=', '<', '>=', '>'),
      ' ',
      dynMostly('num', d),
      ')',
    ),
    cat(
      '(',
      e('string', d),
      ' ',
      lit('==', '!=', '<'),
      ' ',
      e('string', d),
      ')',
    ),
    cat('(', dynMostly('any', d), ' in ', e('list', d), ')'),
    cat(
      e('string', d),
      '.',
      lit('startsWith', 'endsWith', 'contains'),
      '(',
      lit("'a'", "'v'", "''"),
      ')',
    ),
    cat(
      e('string', d),
      '.matches(',
      lit("'^[a-z]+$'", "'v[0-9]'", "'(?i)ABC'", "'\\\\d+'", "'[a-'"),
      ')',
    ),
    cat(
      'has(',
      slot('any').map(s => s.replace(/:[doh]@@$/, ':p@@')),
      ')',
    ),
    cat(
      slot('any').map(s => s.replace(/:[doh]@@$/, ':q@@')),
      '.hasValue()',
    ),
    cat('!', e('bool', d)),
    cat('(', e('bool', d), ' ', lit('&&', '||'), ' ', e('bool', d), ')'),
    cat(
      e('list', d),
      '.',
      lit('exists', 'all', 'exists_one'),
      '(x, ',
      lit('x == 1', "x != 'a'", 'type(x) == int', 'string(x).size() > 1'),
      ')',
    ),
    cat(
      e('list', d),
      '.',
      lit('exists', 'all'),
      '(i, v, ',
      lit('i > 0', 'v == 2', 'i < 2 && v != null'),
      ')',
    ),
    cat(
      'sets.',
      lit('contains', 'intersects', 'equivalent'),
      '(',
      dynMostly('list', d),
      ', ',
      dynMostly('list', d),
      ')',
    ),
    cat(e('map', d), '.all(k, v, ', lit("k != ''", 'v != null'), ')'),
    cat('(', dynMostly('any', d), ' == ', dynMostly('any', d), ')'),
    nullComparison(d),
  ],
  list: d => [
    cat(e('list', d), '.map(x, ', lit('[x]', 'string(x)', 'type(x)', 'x'), ')'),
    cat(slot('numlist'), '.map(x, x ', lit('* 2', '+ 1', '* 2.0', '/ 2'), ')'),
    cat(
      e('list', d),
      '.filter(x, ',
      lit('x != null', "x != 'a'", 'type(x) != string'),
      ')',
    ),
    cat('lists.range(', lit('0', '3', '-1', 'size(parameters)'), ')'),
    cat(
      e('list', d),
      '.',
      lit('sort()', 'distinct()', 'flatten()', 'reverse()'),
    ),
    cat(
      e('list', d),
      '.slice(',
      lit('0', '0', '1'),
      ', ',
      lit('0', '1', '9'),
      ')',
    ),
    cat(e('list', d), ' + ', e('list', d)),
    { weight: 20, arbitrary: concatWithEmpty(d) },
    cat(e('string', d), ".split('", lit(',', '', '.'), "')"),
    cat(e('list', d), '.transformList(i, v, ', lit('i', '[i, v]', 'v'), ')'),
    cat(e('list', d), '.sortBy(x, ', lit('string(x)', 'x'), ')'),
    cat('[', e('any', d), ', ', e('any', d), ']'),
    cat('[', e('any', d), ', ', lit('oc_omit()'), ']'),
    cat(
      '[',
      e('string', d),
      ', ',
      e('bool', d),
      ' ? ',
      e('string', d),
      ' : oc_omit()]',
    ),
  ],
  map: d => [
    cat("{'a': ", e('any', d), ", 'b': ", e('any', d), '}'),
    cat(
      "{'keep': ",
      e('any', d),
      ", 'drop': ",
      e('bool', d),
      ' ? oc_omit() : 1}',
    ),
    cat(
      'oc_merge(',
      e('map', d),
      ', ',
      e('map', d),
      fc.oneof(lit(''), cat(', ', e('map', d))),
      ')',
    ),
    cat('oc_merge(metadata.labels, ', e('map', d), ')'),
    cat(e('list', d), '.transformMap(i, v, ', lit('v', 'i', '[v]'), ')'),
    cat(e('map', d), '.transformMap(k, v, ', lit('v', 'k', 'size(k)'), ')'),
    cat(
      e('map', d),
      '.transformMapEntry(k, v, {',
      lit('k', "k + '_x'"),
      ': v})',
    ),
    cat('{', e('string', d), ': ', e('any', d), '}'),
    cat('{1: ', e('any', d), '}'),
  ],
  any: d => [
    e('int', d),
    e('double', d),
    e('string', d),
    e('bool', d),
    e('list', d),
    e('map', d),
    { weight: 2, arbitrary: FAILING },
    cat('type(', e('any', d), ')'),
    {
      weight: 5,
      arbitrary: cat(e('list', d), '[', lit('0', '0', '0', '1', '-1'), ']'),
    },
    {
      weight: 4,
      arbitrary: cat(
        e('map', d),
        lit(
          "['a']",
          '.b',
          "[?'a'].orValue(0)",
          "[?'a'].orValue(0)",
          "[?'b'].orValue('none')",
        ),
      ),
    },
    cat(
      'optional.',
      lit('of', 'ofNonZeroValue'),
      '(',
      e('any', d),
      ')',
      lit(
        '.value()',
        '.orValue(dyn(1))',
        '.hasValue()',
        '.orValue(dyn(1))',
        '.hasValue()',
        '.orValue(1)',
      ),
    ),
    cat(
      'optional.none().',
      lit(
        'orValue(2)',
        'or(optional.of(3)).value()',
        'orValue(null)',
        'value()',
      ),
    ),
    cat('dyn(', e('any', d), ')'),
  ],
};

function build(kind: ExprKind, depth: number): fc.Arbitrary<string> {
  const atoms = atomsOf(kind);
  if (depth <= 0) return atoms;
  const compound = COMPOUND[kind](depth - 1);
  return fc.oneof(
    { weight: 30, arbitrary: atoms },
    ...compound.map(p => ('weight' in p ? p : { weight: 10, arbitrary: p })),
    { weight: 10, arbitrary: ternary(kind, depth - 1) },
  );
}
