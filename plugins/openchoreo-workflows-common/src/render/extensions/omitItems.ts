import type { ASTNode } from '@marcbachmann/cel-js';
import { isOmit, OmitValue } from '../values';

type Handler = (
  container: unknown,
  key: unknown,
  ...rest: unknown[]
) => unknown;

function omitAt(container: unknown, key: unknown): OmitValue | undefined {
  let item: unknown;
  if (Array.isArray(container)) {
    if (typeof key === 'bigint' || typeof key === 'number')
      item = container[Number(key)];
  } else if (container instanceof Map) item = container.get(key);
  else if (
    container &&
    typeof container === 'object' &&
    typeof key === 'string'
  )
    item = Object.hasOwn(container, key)
      ? (container as Record<string, unknown>)[key]
      : undefined;
  return isOmit(item) ? item : undefined;
}

/**
 * `type(oc_omit())` is `oc_omit()` itself (conversions.ts toType), but its
 * static type is `type`, so `[2u, oc_omit()].map(x, type(x))` is a
 * `list<type>` holding the omit marker. cel-js checks an item's value against
 * the list's (or map's) static element type when it is read and refuses the
 * marker ("List item with index '1' is not of type 'type'"); cel-go reads
 * items without such a check (common/types/list.go Get), so OpenChoreo
 * removes the field that holds the marker. This lets the marker through a
 * `[]` or `.` read; everything else goes to cel-js's handler, which cel-js
 * sets on the node while type checking it (as in concatIdentity.ts).
 */
export function passOmitItems(ast: ASTNode): void {
  const op = (ast as { op?: string }).op;
  if (op !== '[]' && op !== '.') return;
  let handle: Handler | undefined;
  Object.defineProperty(ast, 'handle', {
    configurable: true,
    get: () => handle,
    set(library: Handler) {
      handle = (container, key, ...rest) =>
        omitAt(container, key) ?? library(container, key, ...rest);
    },
  });
}
