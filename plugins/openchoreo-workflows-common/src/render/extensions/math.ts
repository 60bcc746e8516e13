import { Environment } from '@marcbachmann/cel-js';
import { registerNamespace } from './namespace';
import {
  celCompare,
  celError,
  celTypeNameOf,
  INT64_MIN,
  isComparable,
  isUint,
  listItems,
  UintClass,
} from './values';

/**
 * cel-go's ext.Math at its latest version (cel-go v0.29.2 ext/math.go):
 * `math.greatest`/`math.least` (macros of any arity), rounding, sign, abs,
 * sqrt, floating-point tests and bitwise operations.
 */

/** Most arguments cel-js parses in one call (its `maxCallArguments` limit). */
const MAX_ARGS = 32;

type Node = { op: string; args: unknown };

const uint = (v: bigint) => new UintClass(BigInt.asUintN(64, v));
const int64 = (v: bigint) => BigInt.asIntN(64, v);

function isNumeric(v: unknown): boolean {
  return typeof v === 'bigint' || typeof v === 'number' || isUint(v);
}

/** cel-go's isNumericArgType: a numeric literal, or anything but a literal/list/map. */
function isNumericArg(node: Node): boolean {
  if (node.op === 'value') return isNumeric(node.args);
  return node.op !== 'list' && node.op !== 'map';
}

function isNumericListLiteral(node: Node): boolean {
  const items = node.args as Node[];
  return node.op === 'list' && items.length > 0 && items.every(isNumericArg);
}

/** cel-go's parse-time checks of math.greatest/least (mathGreatest, mathLeast). */
function checkMacroArgs(fn: string, args: Node[]): void {
  if (args.length === 1) {
    if (isNumericListLiteral(args[0]) || isNumericArg(args[0])) return;
    throw celError(`${fn}() invalid single argument value`);
  }
  if (!args.every(isNumericArg)) {
    throw celError(`${fn}() simple literal arguments must be numeric`);
  }
}

/** maxPair/minPair: `want` is the Compare result that selects the second value. */
function pick(a: unknown, b: unknown, want: number, fn: string): unknown {
  if (!isComparable(a)) throw celError(`no such overload: ${fn}`);
  const c = celCompare(a, b);
  if (typeof c === 'string') throw celError(`${c}: ${fn}`);
  return c === want ? b : a;
}

function extremum(
  values: unknown[],
  want: number,
  fn: string,
  fromList: boolean,
): unknown {
  if (!fromList && !values.every(isNumeric)) {
    throw celError(
      `no such overload: ${fn}(${values.map(celTypeNameOf).join(', ')})`,
    );
  }
  if (values.length === 0)
    throw celError(`${fn}(list) argument must not be empty`);
  let best = values[0];
  try {
    for (const v of values.slice(1)) best = pick(best, v, want, fn);
  } catch (e) {
    // cel-go's maxList/minList turn any error of a pair into this one.
    if (fromList) throw celError(`no such overload: ${fn}`);
    throw e;
  }
  if (!isNumeric(best)) throw celError(`no such overload: ${fn}`);
  return best;
}

function registerMinMax(env: Environment, name: 'greatest' | 'least') {
  const fn = `math.${name}`;
  const internal = name === 'greatest' ? 'math.@max' : 'math.@min';
  const want = name === 'greatest' ? -1 : 1;
  env.registerFunction(`math.${name}(): dyn`, () => {
    throw celError(`${fn}() requires at least one argument`);
  });
  for (let n = 1; n <= MAX_ARGS; n++) {
    const params = Array.from({ length: n }, () => 'ast').join(', ');
    env.registerFunction(`math.${name}(${params}): dyn`, (({
      args,
      receiver,
    }: {
      args: Node[];
      receiver: Node;
    }) => {
      if (receiver.op !== 'id' || receiver.args !== 'math') {
        throw celError(`found no matching overload for '${name}'`);
      }
      checkMacroArgs(fn, args);
      return {
        args,
        typeCheck(
          checker: {
            check(n: Node, c: unknown): { kind: string; name: string };
            dynType: unknown;
          },
          _m: unknown,
          ctx: unknown,
        ) {
          const types = args.map(a => checker.check(a, ctx));
          const numeric = ['int', 'uint', 'double', 'dyn'];
          const ok =
            n === 1 ||
            types.every(t =>
              numeric.includes(t.kind === 'dyn' ? 'dyn' : t.name),
            );
          if (!ok) {
            throw celError(
              `found no matching overload for '${internal}' applied to '(${types
                .map(t => t.name)
                .join(', ')})'`,
            );
          }
          return checker.dynType;
        },
        evaluate(
          ev: { run(n: Node, c: unknown): unknown },
          _m: unknown,
          ctx: unknown,
        ) {
          const values = args.map(a => ev.run(a, ctx));
          if (n === 1) {
            const v = values[0];
            if (Array.isArray(v) || v instanceof Set)
              return extremum(listItems(v), want, internal, true);
            if (!isNumeric(v)) throw celError(`no such overload: ${internal}`);
            return v;
          }
          return extremum(values, want, internal, n > 2);
        },
      };
    }) as never);
  }
}

function round(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

function shift(name: string, bits: bigint): bigint | undefined {
  if (bits < 0n) throw celError(`math.${name}() negative offset: ${bits}`);
  return bits >= 64n ? undefined : bits;
}

function registerBitwise(env: Environment) {
  const ops: Array<[string, (a: bigint, b: bigint) => bigint]> = [
    ['bitAnd', (a, b) => a & b],
    ['bitOr', (a, b) => a | b],
    ['bitXor', (a, b) => a ^ b],
  ];
  for (const [name, op] of ops) {
    env.registerFunction(
      `math.${name}(int, int): int`,
      (_: unknown, a: bigint, b: bigint) => op(a, b),
    );
    env.registerFunction(
      `math.${name}(uint, uint): uint`,
      (_: unknown, a: object, b: object) =>
        uint(op(a.valueOf() as bigint, b.valueOf() as bigint)),
    );
  }
  env
    .registerFunction('math.bitNot(int): int', (_: unknown, a: bigint) => ~a)
    .registerFunction('math.bitNot(uint): uint', (_: unknown, a: object) =>
      uint(~(a.valueOf() as bigint)),
    )
    .registerFunction(
      'math.bitShiftLeft(int, int): int',
      (_: unknown, a: bigint, b: bigint) => {
        const s = shift('bitShiftLeft', b);
        return s === undefined ? 0n : int64(a << s);
      },
    )
    .registerFunction(
      'math.bitShiftLeft(uint, int): uint',
      (_: unknown, a: object, b: bigint) => {
        const s = shift('bitShiftLeft', b);
        return uint(s === undefined ? 0n : (a.valueOf() as bigint) << s);
      },
    )
    .registerFunction(
      'math.bitShiftRight(int, int): int',
      (_: unknown, a: bigint, b: bigint) => {
        const s = shift('bitShiftRight', b);
        return s === undefined ? 0n : int64(BigInt.asUintN(64, a) >> s);
      },
    )
    .registerFunction(
      'math.bitShiftRight(uint, int): uint',
      (_: unknown, a: object, b: bigint) => {
        const s = shift('bitShiftRight', b);
        return uint(s === undefined ? 0n : (a.valueOf() as bigint) >> s);
      },
    );
}

export function registerMathExtension(env: Environment): void {
  registerNamespace(env, 'math');
  registerMinMax(env, 'greatest');
  registerMinMax(env, 'least');
  const doubles: Array<[string, (x: number) => number | boolean, string]> = [
    ['ceil', Math.ceil, 'double'],
    ['floor', Math.floor, 'double'],
    ['round', round, 'double'],
    ['trunc', Math.trunc, 'double'],
    ['isInf', x => x === Infinity || x === -Infinity, 'bool'],
    ['isNaN', x => Number.isNaN(x), 'bool'],
    ['isFinite', x => Number.isFinite(x), 'bool'],
  ];
  for (const [name, f, ret] of doubles) {
    env.registerFunction(
      `math.${name}(double): ${ret}`,
      (_: unknown, x: number) => f(x),
    );
  }
  env
    .registerFunction('math.abs(double): double', (_: unknown, x: number) =>
      Math.abs(x),
    )
    .registerFunction('math.abs(int): int', (_: unknown, x: bigint) => {
      if (x === INT64_MIN) throw celError('integer overflow');
      return x < 0n ? -x : x;
    })
    .registerFunction('math.abs(uint): uint', (_: unknown, x: unknown) => x)
    .registerFunction('math.sign(double): double', (_: unknown, x: number) => {
      if (Number.isNaN(x)) return x;
      if (x > 0) return 1;
      return x < 0 ? -1 : 0;
    })
    .registerFunction('math.sign(int): int', (_: unknown, x: bigint) => {
      if (x === 0n) return 0n;
      return x > 0n ? 1n : -1n;
    })
    .registerFunction('math.sign(uint): uint', (_: unknown, x: object) =>
      uint(x.valueOf() === 0n ? 0n : 1n),
    )
    .registerFunction('math.sqrt(double): double', (_: unknown, x: number) =>
      Math.sqrt(x),
    )
    .registerFunction('math.sqrt(int): double', (_: unknown, x: bigint) =>
      Math.sqrt(Number(x)),
    )
    .registerFunction('math.sqrt(uint): double', (_: unknown, x: object) =>
      Math.sqrt(Number(x.valueOf())),
    );
  registerBitwise(env);
}
