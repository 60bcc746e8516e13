import { Environment } from '@marcbachmann/cel-js';
import { elementMacro, Macro, MacroCall } from './macroApi';
import { registerNamespace } from './namespace';
import {
  celCompare,
  celEquals,
  celError,
  celTypeNameOf,
  isComparable,
  isList,
  listItems,
} from './values';

/**
 * cel-go's ext.Lists at its latest version (cel-go v0.29.2 ext/lists.go):
 * `lists.range`, `slice`, `flatten`, `sort`, `sortBy`, `reverse`, `distinct`.
 * (`first`/`last` belong to the optional types, optionals.ts.)
 */

/** cel-go's default bound of lists.range (ext/lists.go defaultMaxRangeSize). */
export const MAX_RANGE_SIZE = 1_000_000n;

const COMPARABLE_TYPES = [
  'int',
  'uint',
  'double',
  'bool',
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'string',
  'bytes',
];

export function range(n: bigint): bigint[] {
  if (n < 0n)
    throw celError(`lists.range: size must be non-negative, got ${n}`);
  if (n > MAX_RANGE_SIZE) {
    throw celError(
      `lists.range: size ${n} exceeds maximum allowed (${MAX_RANGE_SIZE})`,
    );
  }
  return Array.from({ length: Number(n) }, (_, i) => BigInt(i));
}

export function slice(list: unknown[], start: bigint, end: bigint): unknown[] {
  if (start < 0n || end < 0n) {
    throw celError(
      `cannot slice(${start}, ${end}), negative indexes not supported`,
    );
  }
  if (start > end) {
    throw celError(
      `cannot slice(${start}, ${end}), start index must be less than or equal to end index`,
    );
  }
  if (BigInt(list.length) < end) {
    throw celError(
      `cannot slice(${start}, ${end}), list is length ${list.length}`,
    );
  }
  return list.slice(Number(start), Number(end));
}

export function flatten(list: unknown[], depth: bigint): unknown[] {
  if (depth < 0n) throw celError('level must be non-negative');
  const out: unknown[] = [];
  for (const item of list) {
    if (isList(item) && depth > 0n)
      out.push(...flatten(listItems(item), depth - 1n));
    else out.push(item);
  }
  return out;
}

/**
 * Orders `list` by `keys` (cel-go's @sortByAssociatedKeys): keys must be
 * comparable and of one type. cel-go sorts with Go's sort.Slice, which is not
 * stable for more than 12 elements; this sort is stable (docs/divergences.md).
 */
export function sortByKeys(list: unknown[], keys: unknown[]): unknown[] {
  if (list.length === 0) return list;
  if (!isComparable(keys[0]))
    throw celError('list elements must be comparable');
  const type = celTypeNameOf(keys[0]);
  if (list.length > 1 && keys.some(k => celTypeNameOf(k) !== type)) {
    throw celError('list elements must have the same type');
  }
  const order = list.map((_, i) => i);
  order.sort((i, j) => {
    const c = celCompare(keys[i], keys[j]);
    return typeof c === 'number' ? c : 0;
  });
  return order.map(i => list[i]);
}

export function distinct(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of list)
    if (!out.some(seen => celEquals(seen, item))) out.push(item);
  return out;
}

const SORT_BY_TARGET =
  'sortBy can only be applied to a list, identifier, comprehension, call or select expression';

function sortByMacro(call: MacroCall): Macro {
  if (call.receiver.op === 'value' || call.receiver.op === 'map')
    throw celError(SORT_BY_TARGET);
  return elementMacro({
    fn: 'sortBy',
    receiverKind: 'list',
    notIdentifier: 'argument is not an identifier',
    resultType(listType, keyType) {
      if (
        !['dyn', 'param'].includes(keyType.kind) &&
        !COMPARABLE_TYPES.includes(keyType.name)
      ) {
        throw celError(
          `found no matching overload for '@sortByAssociatedKeys' applied to '(${listType.name}, list<${keyType.name}>)'`,
        );
      }
      return listType;
    },
    evaluate(list, keyOf) {
      if (!isList(list))
        throw celError(
          `no such overload: ${celTypeNameOf(list)}.@sortByAssociatedKeys`,
        );
      const items = listItems(list);
      return sortByKeys(items, items.map(keyOf));
    },
  })(call);
}

export function registerListsExtension(env: Environment): void {
  registerNamespace(env, 'lists');
  env
    .registerFunction('lists.range(int): list<int>', (_: unknown, n: bigint) =>
      range(n),
    )
    .registerFunction(
      'list<T>.slice(int, int): list<T>',
      (l: unknown[], a: bigint, b: bigint) => slice(listItems(l), a, b),
    )
    .registerFunction('list.flatten(): list', (l: unknown[]) =>
      flatten(listItems(l), 1n),
    )
    .registerFunction(
      'list.flatten(int): list',
      (l: unknown[], depth: bigint) => flatten(listItems(l), depth),
    )
    .registerFunction('list<T>.sort(): list<T>', (l: unknown[]) =>
      sortByKeys(listItems(l), listItems(l)),
    )
    .registerFunction('list<T>.reverse(): list<T>', (l: unknown[]) =>
      [...listItems(l)].reverse(),
    )
    .registerFunction('list<T>.distinct(): list<T>', (l: unknown[]) =>
      distinct(listItems(l)),
    )
    .registerFunction('list.sortBy(ast, ast): list', sortByMacro as never);
}
