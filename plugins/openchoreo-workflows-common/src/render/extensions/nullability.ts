import type { ASTNode } from '@marcbachmann/cel-js';

/**
 * cel-go's type checker lets `null` stand for a value of a few types only
 * (checker/types.go isLegacyNullable and internalIsAssignableNull): an opaque
 * type (`optional_type`), a message (here `google.protobuf.Duration` and
 * `google.protobuf.Timestamp`, the only messages OpenChoreo's environment
 * has), `any` and the wrapper types. So `duration('1s') != null`,
 * `optional.none() == null`, `null in [timestamp(...)]` and
 * `c ? duration('1s') : null` compile there, while `1 == null`,
 * `'a' != null`, `[1] == null` and `{} == null` do not. At run time equality
 * is heterogeneous: such a value never equals null (`Duration.Equal(null)` is
 * false). cel-js knows no overload for these pairs; this adds cel-go's rule to
 * the checks of `==`, `!=`, `in` and `?:` nodes.
 */

type CelType = {
  kind: string;
  name: string;
  valueType?: CelType;
};
type Checker = {
  check(node: unknown, ctx: unknown): CelType;
  getType(name: string): CelType;
};
/** The parts of a cel-js AST node this file uses. */
type Node = {
  op: string;
  args: unknown[];
  left?: unknown;
  right?: unknown;
  handle?: unknown;
  check(chk: Checker, ast: Node, ctx: unknown): CelType;
};

const NULLABLE_MESSAGES = new Set([
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
]);

function isNull(type: CelType): boolean {
  return type.name === 'null';
}

/** A static type that cel-go lets `null` be assigned to, and the reverse. */
function isLegacyNullable(type: CelType): boolean {
  return (
    type.kind === 'optional' ||
    (type.kind === 'message' && NULLABLE_MESSAGES.has(type.name))
  );
}

/** One operand null, the other of a type cel-go lets be compared with null. */
function nullPair(a: CelType, b: CelType): boolean {
  return (
    (isNull(a) && isLegacyNullable(b)) || (isNull(b) && isLegacyNullable(a))
  );
}

/** Both operands of a binary node, checked (cel-js caches each node's type). */
function operands(chk: Checker, node: Node, ctx: unknown) {
  return [chk.check(node.args[0], ctx), chk.check(node.args[1], ctx)] as const;
}

function checkEquality(chk: Checker, node: Node, ctx: unknown) {
  const [left, right] = operands(chk, node, ctx);
  if (!nullPair(left, right)) return undefined;
  const equal = node.op === '==';
  node.left = node.args[0];
  node.right = node.args[1];
  node.handle = (a: unknown, b: unknown) =>
    (a === null && b === null) === equal;
  return chk.getType('bool');
}

function checkIn(chk: Checker, node: Node, ctx: unknown) {
  const [item, container] = operands(chk, node, ctx);
  if (container.kind !== 'list' || !container.valueType) return undefined;
  if (!nullPair(item, container.valueType)) return undefined;
  node.left = node.args[0];
  node.right = node.args[1];
  node.handle = (a: unknown, list: unknown) =>
    a === null && Array.isArray(list) && list.includes(null);
  return chk.getType('bool');
}

/** The type of `c ? x : null` when cel-js refused its branches (it has set up the evaluation before). */
function ternaryType(chk: Checker, node: Node, ctx: unknown) {
  const yes = chk.check(node.args[1], ctx);
  const no = chk.check(node.args[2], ctx);
  if (!nullPair(yes, no)) return undefined;
  return isNull(yes) ? no : yes;
}

const CHECKS: Record<
  string,
  (chk: Checker, node: Node, ctx: unknown) => CelType | undefined
> = {
  '==': checkEquality,
  '!=': checkEquality,
  in: checkIn,
};

/**
 * Gives a parsed node cel-go's null rule: its own type check runs first and
 * falls back to cel-js's when the operands are not such a pair.
 */
export function addLegacyNullability(ast: ASTNode): void {
  const node = ast as unknown as Node;
  const own = CHECKS[node.op];
  if (own) {
    const libraryCheck = node.check;
    node.check = (chk, n, ctx) =>
      own(chk, n, ctx) ?? libraryCheck.call(n, chk, n, ctx);
  } else if (node.op === '?:') {
    const libraryCheck = node.check;
    node.check = (chk, n, ctx) => {
      try {
        return libraryCheck.call(n, chk, n, ctx);
      } catch (error) {
        const type = ternaryType(chk, n, ctx);
        if (type) return type;
        throw error;
      }
    };
  }
}
