import { Environment, Optional } from '@marcbachmann/cel-js';
import { elementMacro } from './macroApi';
import {
  celError,
  celTypeNameOf,
  isBytes,
  isDuration,
  isList,
  isMap,
  isUint,
  listItems,
  mapEntries,
} from './values';

/**
 * What cel-go's OptionalTypes (cel-go v0.29.2 cel/library.go, latest version)
 * has beyond cel-js's optionals: the `optMap`/`optFlatMap` macros,
 * `optional.ofNonZeroValue`, `optional.unwrap`/`unwrapOpt`, and lists'
 * `first()`/`last()`. cel-js does not parse optional list and map entries
 * (`[?x]`, `{?k: v}`): those expressions fail to parse (docs/divergences.md).
 */

/** Go's zero time.Time (year 1), a timestamp's zero value. */
const GO_ZERO_TIME = new Date('0001-01-01T00:00:00Z').getTime();

function isZeroValue(v: unknown): boolean {
  if (v === null || v === false || v === '' || v === 0n) return true;
  if (typeof v === 'number') return v === 0;
  if (isUint(v)) return v.valueOf() === 0n;
  if (isBytes(v) || isList(v))
    return listItems(isBytes(v) ? [...v] : v).length === 0;
  if (isDuration(v)) return v.seconds === 0n && v.nanos === 0;
  if (v instanceof Date) return v.getTime() === GO_ZERO_TIME;
  if (isMap(v)) return mapEntries(v).length === 0;
  return false;
}

function optionalMacro(name: 'optMap' | 'optFlatMap') {
  return elementMacro({
    fn: name,
    receiverKind: 'optional',
    notIdentifier: `${name}() variable name must be a simple identifier`,
    resultType: (_optional, _body, checker) => checker.dynType,
    evaluate(opt, map) {
      if (!(opt instanceof Optional))
        throw celError(`no such overload: ${celTypeNameOf(opt)}.${name}`);
      if (!opt.hasValue()) return Optional.none();
      const result = map(opt.value());
      if (name === 'optMap') return Optional.of(result);
      if (!(result instanceof Optional))
        throw celError(
          `no such overload: optFlatMap of ${celTypeNameOf(result)}`,
        );
      return result;
    },
  });
}

function unwrap(list: unknown[]): unknown[] {
  return listItems(list).flatMap(item => {
    if (!(item instanceof Optional))
      throw celError(
        `no such overload: optional.unwrap(${celTypeNameOf(item)})`,
      );
    return item.hasValue() ? [item.value()] : [];
  });
}

export function registerOptionalExtras(env: Environment): void {
  env
    .registerFunction(
      'optional.optMap(ast, ast): dyn',
      optionalMacro('optMap') as never,
    )
    .registerFunction(
      'optional.optFlatMap(ast, ast): dyn',
      optionalMacro('optFlatMap') as never,
    )
    .registerFunction(
      'OptionalNamespace.ofNonZeroValue(A): optional<A>',
      (_: unknown, v: unknown) =>
        isZeroValue(v) ? Optional.none() : Optional.of(v),
    )
    .registerFunction(
      'OptionalNamespace.unwrap(list): list',
      (_: unknown, l: unknown[]) => unwrap(l),
    )
    .registerFunction('list.unwrapOpt(): list', (l: unknown[]) => unwrap(l))
    .registerFunction('list<A>.first(): optional<A>', (l: unknown[]) => {
      const items = listItems(l);
      return items.length ? Optional.of(items[0]) : Optional.none();
    })
    .registerFunction('list<A>.last(): optional<A>', (l: unknown[]) => {
      const items = listItems(l);
      return items.length
        ? Optional.of(items[items.length - 1])
        : Optional.none();
    });
}
