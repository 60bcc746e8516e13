/*
 * Grammar productions for two cel-go behaviours the differential test must
 * cover: which values may be compared with null, and `+` with an empty list
 * (which returns the other operand itself, keeping its Go type).
 */
import fc from 'fast-check';
import { cat, Expr, lit, slot } from './celAtoms';

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
export function nullComparison(e: Expr, d: number): fc.Arbitrary<string> {
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
export function splitWithEmpty(e: Expr, d: number): fc.Arbitrary<string> {
  return withEmpty(cat(e('string', d), ".split('", lit(',', ' ', '.'), "')"));
}

/** A list concatenated with a list that may be empty. */
export function concatWithEmpty(e: Expr, d: number): fc.Arbitrary<string> {
  return fc.oneof(splitWithEmpty(e, d), withEmpty(e('list', d)));
}
