import type { ASTNode } from '@marcbachmann/cel-js';
import { markConcatenation } from '../goTree';

type Handler = (left: unknown, right: unknown, ...rest: unknown[]) => unknown;

/**
 * cel-go's list `+` returns one operand itself when the other is empty
 * (common/types/list.go newConcatList: `[] + x` is `x`, `x + []` is `x`);
 * cel-js copies. The identity shows in OpenChoreo's output: the value keeps
 * its Go type, so `[] + 'a b'.split(',')` is still the `[]string` of
 * `split()` (an Argo argument prints `[a b]`, not JSON), and
 * `[] + parameters.items` is still the parameters' own list (its nulls stay
 * JSON nulls). Two non-empty lists make a new list whose items keep their
 * Go values (goTree.ts markConcatenation). cel-js sets a binary node's
 * `handle` while type checking it;
 * this wraps whatever handler it sets on a `+` node.
 */
export function keepConcatIdentity(ast: ASTNode): void {
  if ((ast as { op?: string }).op !== '+') return;
  let handle: Handler | undefined;
  Object.defineProperty(ast, 'handle', {
    configurable: true,
    get: () => handle,
    set(library: Handler) {
      handle = (left, right, ...rest) => {
        if (!Array.isArray(left) || !Array.isArray(right))
          return library(left, right, ...rest);
        if (left.length === 0) return right;
        if (right.length === 0) return left;
        const joined = library(left, right, ...rest);
        return Array.isArray(joined) ? markConcatenation(joined) : joined;
      };
    },
  });
}
