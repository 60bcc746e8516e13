/* Compound CEL expressions of booleans: comparisons, membership, logic, has() (see celGrammar.ts). */
import fc from 'fast-check';
import { cat, lit, slot, Productions, Expr, ExprKind } from './celAtoms';
import { nullComparison } from './celNullAndEmpty';

/** Mostly dyn(x): cel-go compares and tests membership only between equal static types. */
function dynMostly(e: Expr, kind: ExprKind, d: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: cat('dyn(', e(kind, d), ')') },
    { weight: 1, arbitrary: e(kind, d) },
  );
}

export const boolExprs: Productions = (e, d) => [
  cat(
    '(',
    e('num', d),
    ' ',
    lit('==', '!=', '<', '>=', '>'),
    ' ',
    dynMostly(e, 'num', d),
    ')',
  ),
  cat('(', e('string', d), ' ', lit('==', '!=', '<'), ' ', e('string', d), ')'),
  cat('(', dynMostly(e, 'any', d), ' in ', e('list', d), ')'),
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
    dynMostly(e, 'list', d),
    ', ',
    dynMostly(e, 'list', d),
    ')',
  ),
  cat(e('map', d), '.all(k, v, ', lit("k != ''", 'v != null'), ')'),
  cat('(', dynMostly(e, 'any', d), ' == ', dynMostly(e, 'any', d), ')'),
  nullComparison(e, d),
];
