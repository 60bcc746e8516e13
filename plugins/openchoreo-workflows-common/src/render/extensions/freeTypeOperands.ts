import type { ASTNode } from '@marcbachmann/cel-js';

/** Operators whose overloads cel-js matches against both operand types. */
const BINARY = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
]);

type Type = { kind: string };
type Checked = { checkedType?: Type };
type Check = (chk: unknown, ast: unknown, ctx: unknown) => Type;

/**
 * The element of an empty list or map literal (`[][0]`, `{}['a']`, the `e` of
 * `[].all(e, e > 0)`) has a free type (cel-go checker/checker.go:445-448).
 * cel-go binds it to whatever the operator's overload needs
 * (checker/checker.go:396-397 assigns the argument types to the overload's
 * fresh type variables): `list(string) + T` checks with T = list(string), so
 * `'abc'.split(',') + [][0]` compiles and fails at run time ("index out of
 * bounds: 0"). cel-js matches a free type against a concrete overload
 * (`1 + [][0]`) but not against one with type parameters (`list<A> +
 * list<A>`), and reports "no such overload". When the check of such an
 * operator fails, this binds the free operand to the other one's type and
 * checks again. (`in` is left alone: its operands have different types.)
 */
export function bindFreeOperandTypes(ast: ASTNode): void {
  const node = ast as unknown as { op: string; args: Checked[]; check: Check };
  if (!BINARY.has(node.op)) return;
  const check = node.check;
  node.check = function checkBound(chk, self, ctx) {
    try {
      return check.call(this, chk, self, ctx);
    } catch (error) {
      const [left, right] = node.args;
      const free = [left, right].find(o => o.checkedType?.kind === 'param');
      const other = free === left ? right : left;
      const bound = other?.checkedType;
      if (!free || !bound || bound.kind === 'param') throw error;
      free.checkedType = bound;
      return check.call(this, chk, self, ctx);
    }
  };
}
