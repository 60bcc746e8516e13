import type { ASTNode } from '@marcbachmann/cel-js';
import { keepConcatIdentity } from './concatIdentity';
import { checkFormatCall, StaticArg } from './format';
import { bindFreeOperandTypes } from './freeTypeOperands';
import { addLegacyNullability } from './nullability';
import { passOmitItems } from './omitItems';
import { celError, celTypeNameOf } from './values';

/**
 * cel-js ships its own `indexOf`, `substring`, `lowerAscii`, ... with other
 * semantics than cel-go's ext.Strings (UTF-16 indices, Unicode case mapping,
 * JavaScript's trim), and a library cannot replace a built-in overload. So,
 * after parsing and before type checking, member calls of these names are
 * renamed to our implementations, registered under a name no CEL identifier
 * can have (it starts with a digit). The same pass runs cel-go's compile-time
 * check of `'...'.format([...])` calls.
 */
const PREFIX = '0go_';

/** Member functions of cel-js replaced by cel-go's. */
const OVERRIDDEN = new Set([
  'indexOf',
  'lastIndexOf',
  'substring',
  'lowerAscii',
  'upperAscii',
  'trim',
  'split',
  'join',
]);

/** Global functions of cel-js replaced by cel-go's: the type conversions and type() (conversions.ts). */
const OVERRIDDEN_GLOBAL = new Set([
  'int',
  'uint',
  'double',
  'string',
  'bool',
  'type',
]);

/** The registered name of an overridden global function. */
export function overrideGlobalName(name: string): string {
  if (!OVERRIDDEN_GLOBAL.has(name))
    throw new Error(`${name} is not overridden`);
  return PREFIX + name;
}

/** The registered name of an overridden member function. */
export function overrideName(name: string): string {
  if (!OVERRIDDEN.has(name)) throw new Error(`${name} is not overridden`);
  return PREFIX + name;
}

/** An error message with our internal names turned back into CEL's. */
export function publicNames(message: string): string {
  return message.split(PREFIX).join('');
}

type Node = { op: string; args: unknown };

function staticArg(node: Node): StaticArg {
  switch (node.op) {
    case 'value':
      return { type: celTypeNameOf(node.args) };
    case 'list':
      return { type: 'list', elements: (node.args as Node[]).map(staticArg) };
    case 'map':
      return {
        type: 'map',
        elements: (node.args as Array<[Node, Node]>).flatMap(([k, v]) => [
          staticArg(k),
          staticArg(v),
        ]),
      };
    default:
      return { type: 'dyn' };
  }
}

function checkFormat(receiver: Node, args: Node[]) {
  if (receiver.op !== 'value' || typeof receiver.args !== 'string') return;
  if (args.length !== 1 || args[0].op !== 'list') return;
  checkFormatCall(receiver.args, (args[0].args as Node[]).map(staticArg));
}

function children(node: Node): Node[] {
  const args = node.args;
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case 'rcall':
      return [
        (args as [string, Node])[1],
        ...(args as [string, Node, Node[]])[2],
      ];
    case 'call':
      return (args as [string, Node[]])[1];
    case 'map':
      return (args as Array<[Node, Node]>).flat();
    case '.':
    case '.?':
      return [(args as [Node, string])[0]];
    default:
      return Array.isArray(args) ? (args as Node[]) : [args as Node];
  }
}

/**
 * Renames the overridden member calls of a freshly parsed expression, checks
 * its format calls, and gives its nodes cel-go's null comparisons
 * (nullability.ts), list concatenation (concatIdentity.ts), binding of free
 * operand types (freeTypeOperands.ts) and reads of omit markers (omitItems.ts).
 */
export function prepareAst(ast: ASTNode): void {
  const stack: Node[] = [ast as unknown as Node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.op === 'rcall') {
      const args = node.args as [string, Node, Node[]];
      if (args[1].op === 'id' && args[1].args === 'cel') {
        // cel-js has cel.bind; OpenChoreo does not enable cel-go's ext.Bindings.
        throw celError("undeclared reference to 'cel'");
      }
      if (OVERRIDDEN.has(args[0])) args[0] = PREFIX + args[0];
      if (args[0] === 'format') checkFormat(args[1], args[2]);
    } else if (node.op === 'call') {
      const args = node.args as [string, Node[]];
      if (OVERRIDDEN_GLOBAL.has(args[0]) && args[1].length === 1) {
        args[0] = PREFIX + args[0];
      }
    }
    addLegacyNullability(node as unknown as ASTNode);
    keepConcatIdentity(node as unknown as ASTNode);
    bindFreeOperandTypes(node as unknown as ASTNode);
    passOmitItems(node as unknown as ASTNode);
    stack.push(...children(node));
  }
}
