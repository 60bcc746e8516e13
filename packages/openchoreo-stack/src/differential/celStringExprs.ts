/* Compound CEL expressions of strings (see celGrammar.ts). */
import fc from 'fast-check';
import { cat, lit, slot, Productions } from './celAtoms';

export const stringExprs: Productions = (e, d) => [
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
    lit('timestamp("2024-01-02T03:04:05Z")', 'duration("90s")', "b'abc'", '1u'),
    ')',
  ),
];
