/* Compound CEL expressions of lists, maps and any type, with the expressions that fail (see celGrammar.ts). */
import fc from 'fast-check';
import { cat, lit, slot, FAILING, Productions } from './celAtoms';
import { concatWithEmpty } from './celNullAndEmpty';

export const listExprs: Productions = (e, d) => [
  cat(e('list', d), '.map(x, ', lit('[x]', 'string(x)', 'type(x)', 'x'), ')'),
  cat(slot('numlist'), '.map(x, x ', lit('* 2', '+ 1', '* 2.0', '/ 2'), ')'),
  cat(
    e('list', d),
    '.filter(x, ',
    lit('x != null', "x != 'a'", 'type(x) != string'),
    ')',
  ),
  cat('lists.range(', lit('0', '3', '-1', 'size(parameters)'), ')'),
  cat(e('list', d), '.', lit('sort()', 'distinct()', 'flatten()', 'reverse()')),
  cat(
    e('list', d),
    '.slice(',
    lit('0', '0', '1'),
    ', ',
    lit('0', '1', '9'),
    ')',
  ),
  cat(e('list', d), ' + ', e('list', d)),
  { weight: 20, arbitrary: concatWithEmpty(e, d) },
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
];

export const mapExprs: Productions = (e, d) => [
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
  cat(e('map', d), '.transformMapEntry(k, v, {', lit('k', "k + '_x'"), ': v})'),
  cat('{', e('string', d), ': ', e('any', d), '}'),
  cat('{1: ', e('any', d), '}'),
];

export const anyExprs: Productions = (e, d) => [
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
    lit('orValue(2)', 'or(optional.of(3)).value()', 'orValue(null)', 'value()'),
  ),
  cat('dyn(', e('any', d), ')'),
];
