import { Environment } from '@marcbachmann/cel-js';
import {
  AstNode,
  Checker,
  Evaluator,
  identName,
  iterationTypes,
  Macro,
  MacroCall,
  Scope,
} from './macroApi';
import {
  celEquals,
  celError,
  celTypeNameOf,
  isList,
  isMap,
  listItems,
  mapEntries,
} from './values';

/**
 * cel-go's ext.TwoVarComprehensions (cel-go v0.29.2 ext/comprehensions.go):
 * `all`, `exists`, `existsOne`/`exists_one` with an index (or key) and a
 * value variable, and `transformList`, `transformMap`, `transformMapEntry`
 * with an optional filter. cel-go iterates a map in Go's random map order;
 * this iterates it in insertion order (docs/divergences.md).
 */

type Kind =
  | 'all'
  | 'exists'
  | 'existsOne'
  | 'transformList'
  | 'transformMap'
  | 'transformMapEntry';

function iterVars(args: AstNode[]): [string, string] {
  const a = identName(args[0], 'argument must be a simple name');
  const b = identName(args[1], 'argument must be a simple name');
  if (a === b) throw celError(`duplicate variable name: ${a}`);
  for (const name of [a, b]) {
    if (name === '@result' || name === '__result__') {
      throw celError('iteration variable overwrites accumulator variable');
    }
  }
  return [a, b];
}

/** cel-go's Go type names of values, as its runtime range error prints them. */
const GO_VALUE_TYPES: Record<string, string> = {
  int: 'types.Int',
  uint: 'types.Uint',
  double: 'types.Double',
  bool: 'types.Bool',
  string: 'types.String',
  bytes: 'types.Bytes',
  null_type: 'types.Null',
};

function entriesOf(range: unknown): Array<[unknown, unknown]> {
  if (isList(range)) return listItems(range).map((v, i) => [BigInt(i), v]);
  if (isMap(range)) return mapEntries(range);
  const goType = GO_VALUE_TYPES[celTypeNameOf(range)] ?? celTypeNameOf(range);
  throw celError(`unsupported comprehension range type: ${goType}`);
}

function asBool(v: unknown): boolean {
  if (typeof v !== 'boolean')
    throw celError(`no such overload: ${celTypeNameOf(v)}`);
  return v;
}

/** cel-go's `&&`/`||` over all elements: a deciding value wins over errors. */
function quantify(results: Array<() => unknown>, decisive: boolean): boolean {
  let error: unknown;
  for (const next of results) {
    let r: unknown;
    try {
      r = asBool(next());
    } catch (e) {
      error ??= e;
      continue;
    }
    if (r === decisive) return decisive;
  }
  if (error) throw error;
  return !decisive;
}

function newMap(entries: Array<[unknown, unknown]>): unknown {
  if (entries.every(([k]) => typeof k === 'string')) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of entries) out[k as string] = v;
    return out;
  }
  return new Map(entries);
}

function insert(
  entries: Array<[unknown, unknown]>,
  key: unknown,
  value: unknown,
) {
  if (entries.some(([k]) => celEquals(k, key))) {
    throw celError(
      `insert failed: key ${
        typeof key === 'string' ? key : String(key)
      } already exists`,
    );
  }
  entries.push([key, value]);
}

function twoVarMacro(kind: Kind, argCount: number) {
  return ({ args, receiver }: MacroCall): Macro => {
    const [first, second] = iterVars(args);
    const filter = argCount === 4 ? args[2] : undefined;
    const body = args[argCount - 1];
    let inner: [Scope, Scope];
    return {
      async: false,
      typeCheck(checker: Checker, _m: Macro, scope: Scope) {
        const rangeType = checker.check(receiver, scope);
        if (!['list', 'map', 'dyn'].includes(rangeType.kind)) {
          throw celError(
            `expression of type '${rangeType.name}' cannot be range of a comprehension (must be list, map, or dynamic)`,
          );
        }
        const [kt, vt] = iterationTypes(
          rangeType,
          checker.dynType,
          checker.intType,
        );
        const outer = scope.forkWithVariable(first, kt);
        inner = [outer, outer.forkWithVariable(second, vt)];
        let bodyType = checker.dynType;
        for (const node of filter ? [filter, body] : [body]) {
          const t = checker.check(node, inner[1]);
          const needsBool =
            node === filter ||
            kind.startsWith('all') ||
            kind.startsWith('exists');
          if (needsBool && t.kind !== 'dyn' && t.name !== 'bool') {
            throw celError(
              `found no matching overload for '${kind}' with a ${t.name} predicate`,
            );
          }
          bodyType = t;
        }
        // Typed as cel-go types them (ext/comprehensions.go), so that what
        // cel-go refuses at compile time is refused here too.
        const { registry } = checker;
        if (kind === 'transformList') return registry.getListType(bodyType);
        if (kind === 'transformMap') return registry.getMapType(kt, bodyType);
        if (kind === 'transformMapEntry') {
          return bodyType.kind === 'map' ? bodyType : checker.mapType;
        }
        return checker.boolType;
      },
      evaluate(ev: Evaluator, _m: Macro, scope: Scope) {
        const entries = entriesOf(ev.run(receiver, scope));
        const bind = ([k, v]: [unknown, unknown]) =>
          inner[1]
            .reuse(inner[0].reuse(scope).setIterValue(k, ev))
            .setIterValue(v, ev);
        const run = (node: AstNode, entry: [unknown, unknown]) =>
          ev.run(node, bind(entry));
        if (kind === 'all' || kind === 'exists') {
          return quantify(
            entries.map(e => () => run(body, e)),
            kind === 'exists',
          );
        }
        if (kind === 'existsOne') {
          return entries.filter(e => asBool(run(body, e))).length === 1;
        }
        const selected = filter
          ? entries.filter(e => asBool(run(filter, e)))
          : entries;
        if (kind === 'transformList') return selected.map(e => run(body, e));
        const out: Array<[unknown, unknown]> = [];
        for (const e of selected) {
          const value = run(body, e);
          if (kind === 'transformMap') {
            insert(out, e[0], value);
          } else if (isMap(value)) {
            for (const [k, v] of mapEntries(value)) insert(out, k, v);
          } else {
            throw celError(
              `no such overload: cel.@mapInsert(map, ${celTypeNameOf(value)})`,
            );
          }
        }
        return newMap(out);
      },
    };
  };
}

export function registerTwoVarComprehensions(env: Environment): void {
  const macros: Array<[string, Kind, number[]]> = [
    ['all', 'all', [3]],
    ['exists', 'exists', [3]],
    ['existsOne', 'existsOne', [3]],
    ['exists_one', 'existsOne', [3]],
    ['transformList', 'transformList', [3, 4]],
    ['transformMap', 'transformMap', [3, 4]],
    ['transformMapEntry', 'transformMapEntry', [3, 4]],
  ];
  for (const [name, kind, counts] of macros) {
    for (const n of counts) {
      const params = Array.from({ length: n }, () => 'ast').join(', ');
      env.registerFunction(
        `list.${name}(${params}): dyn`,
        twoVarMacro(kind, n) as never,
      );
    }
  }
}
