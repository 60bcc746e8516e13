/* Compound CEL expressions of numbers: ints, doubles and either (see celGrammar.ts). */
import fc from 'fast-check';
import { cat, lit, slot, Productions } from './celAtoms';

export const intExprs: Productions = (e, d) => [
  cat('(', e('int', d), ' ', lit('+', '-', '*'), ' ', e('int', d), ')'),
  cat('(', e('int', d), ' ', lit('/', '%'), ' ', lit('2', '3', '0', '-1'), ')'),
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
];

export const doubleExprs: Productions = (e, d) => [
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
];

export const numExprs: Productions = (e, d) => [
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
];
