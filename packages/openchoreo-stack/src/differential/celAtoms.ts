/* The CEL grammar's vocabulary: expression kinds, parameter slots, literals, failing expressions and atoms (see celGrammar.ts). */
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

/** An expression of a kind, at most `depth` levels deep (celGrammar.ts's `expr`). */
export type Expr = (kind: ExprKind, depth: number) => fc.Arbitrary<string>;
export type Weighted = { weight: number; arbitrary: fc.Arbitrary<string> };
export type Production = fc.Arbitrary<string> | Weighted;
/** The compound expressions of a kind at depth `d`, built on `e`. */
export type Productions = (e: Expr, d: number) => Production[];

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

export type Part = string | fc.Arbitrary<string>;

/** Concatenation of literal text and generated parts. */
export function cat(...parts: Part[]): fc.Arbitrary<string> {
  return fc
    .tuple(...parts.map(p => (typeof p === 'string' ? fc.constant(p) : p)))
    .map(texts => texts.join(''));
}

export const lit = (...values: string[]) => fc.constantFrom(...values);

/** A parameter slot: kind, which parameter (modulo the candidates), how it is accessed. */
export function slot(kind: SlotKind): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: 7 }), fc.constantFrom('d', 'd', 'd', 'o', 'o', 'h'))
    .map(([i, mode]) => `@@${kind}:${i}:${mode}@@`);
}

export const LITERALS: Record<ExprKind, fc.Arbitrary<string>> = {
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
export const FAILING: fc.Arbitrary<string> = lit(
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

/** The simplest expressions of a kind: literals, parameters, metadata. */
export function atomsOf(kind: ExprKind): fc.Arbitrary<string> {
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
