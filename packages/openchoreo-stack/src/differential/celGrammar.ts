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
import { atomsOf, cat, ExprKind, Production } from './celAtoms';
import { boolExprs } from './celBoolExprs';
import { anyExprs, listExprs, mapExprs } from './celCollectionExprs';
import { doubleExprs, intExprs, numExprs } from './celNumberExprs';
import { stringExprs } from './celStringExprs';
import { splitWithEmpty as splitWithEmptyOf } from './celNullAndEmpty';

export type { ExprKind, SlotKind } from './celAtoms';
export { slot } from './celAtoms';

/** A split() result concatenated with a list that may be empty (see celNullAndEmpty.ts). */
export const splitWithEmpty = (d: number) => splitWithEmptyOf(expr, d);

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

const COMPOUND: Record<ExprKind, (d: number) => Production[]> = {
  int: d => intExprs(expr, d),
  double: d => doubleExprs(expr, d),
  num: d => numExprs(expr, d),
  string: d => stringExprs(expr, d),
  bool: d => boolExprs(expr, d),
  list: d => listExprs(expr, d),
  map: d => mapExprs(expr, d),
  any: d => anyExprs(expr, d),
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
