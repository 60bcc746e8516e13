import { ASTNode, Environment, EvaluationError } from '@marcbachmann/cel-js';
import { re2Matches, RegexSyntaxError } from '../regex/re2';
import { goReplace } from './goStrings';
import {
  ocDnsLabel,
  ocGenerateName,
  ocHash,
  ocMerge,
  ocOmit,
  stringParts,
} from './ocFunctions';
import { OmitValue } from './values';
import {
  evaluateWithExtensions,
  publicNames,
  registerCelExtensions,
} from './extensions';

/** Most arguments the variadic `oc_*` functions accept (cel-js has no varargs). */
const MAX_VARIADIC = 12;

function repeat(type: string, count: number): string {
  return Array.from({ length: count }, () => type).join(', ');
}

/** Extensions of cel-go's `ext.Strings` that cel-js lacks and templates use. */
function registerStringExtensions(env: Environment) {
  env
    .registerFunction(
      'string.replace(string, string): string',
      (s: string, from: string, to: string) => goReplace(s, from, to, -1n),
    )
    .registerFunction(
      'string.replace(string, string, int): string',
      (s: string, from: string, to: string, n: bigint) =>
        goReplace(s, from, to, n),
    )
    .registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
      const chars = Array.from(s);
      if (i < 0n || i > BigInt(chars.length)) {
        throw new Error(`index out of range: ${i}`);
      }
      return chars[Number(i)] ?? '';
    })
    .registerFunction('string.reverse(): string', (s: string) =>
      Array.from(s).reverse().join(''),
    );
}

/** Marks the receiver type of the `matches` macro; never a value. */
class MatchesMacroReceiver {}

function isStringOrDyn(type: { name: string }) {
  return type.name === 'string' || type.name === 'dyn';
}

function matches(
  text: unknown,
  pattern: unknown,
  node: ASTNode | undefined,
): boolean {
  if (typeof text !== 'string' || typeof pattern !== 'string') {
    throw new EvaluationError(
      `found no matching overload for 'matches' applied to '(${celTypeName(
        text,
      )}, ${celTypeName(pattern)})'`,
      node,
    );
  }
  try {
    return re2Matches(pattern, text);
  } catch (e) {
    if (e instanceof RegexSyntaxError)
      throw new EvaluationError(e.message, node);
    throw e;
  }
}

function celTypeName(value: unknown): string {
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (value === null) return 'null_type';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'map' : typeof value;
}

/**
 * `matches` with RE2 (Go's regexp), as cel-go has it: `s.matches(re)` and
 * `matches(s, re)`. cel-js's own `string.matches` uses JavaScript's
 * backtracking RegExp (catastrophic on `^(a+)+$`); cel-js lets no overload be
 * replaced, but a macro named `matches` takes over every `x.matches(y)` call
 * at parse time. Its receiver type only keeps its signature apart from the
 * built-in one.
 */
function registerRe2Matches(env: Environment) {
  env.registerType('OcMatchesMacroReceiver', MatchesMacroReceiver);
  env.registerFunction(
    'OcMatchesMacroReceiver.matches(ast): bool',
    ({ receiver, args, ast }: MacroInput) => ({
      text: receiver,
      pattern: args[0],
      node: ast,
      typeCheck(checker: MacroChecker, macro: MatchesMacro, ctx: unknown) {
        const text = checker.check(macro.text, ctx);
        const pattern = checker.check(macro.pattern, ctx);
        if (!isStringOrDyn(text) || !isStringOrDyn(pattern)) {
          throw checker.createError(
            'no_matching_overload',
            `found no matching overload for '${text.name}.matches(${pattern.name})'`,
            macro.node,
          );
        }
        return checker.getType('bool');
      },
      evaluate(evaluator: MacroEvaluator, macro: MatchesMacro, ctx: unknown) {
        return matches(
          evaluator.run(macro.text, ctx),
          evaluator.run(macro.pattern, ctx),
          macro.node,
        );
      },
    }),
  );
  env.registerFunction(
    'matches(string, string): bool',
    (text: string, pattern: string) => matches(text, pattern, undefined),
  );
}

type MacroInput = { receiver: ASTNode; args: ASTNode[]; ast: ASTNode };
type MatchesMacro = { text: ASTNode; pattern: ASTNode; node: ASTNode };
/** What cel-js hands a macro's hooks (see its README, "Custom macros"). */
type MacroChecker = {
  check(node: ASTNode, ctx: unknown): { name: string };
  createError(code: string, message: string, node: ASTNode): Error;
  getType(name: string): unknown;
};
type MacroEvaluator = { run(node: ASTNode, ctx: unknown): unknown };

function registerOpenChoreoFunctions(env: Environment) {
  env.registerType('oc_omit_value', OmitValue);
  env.registerFunction('oc_omit(): dyn', () => ocOmit());
  env.registerFunction('oc_hash(string): string', (s: string) => ocHash(s));

  env.registerFunction('oc_merge(): map', () => ocMerge());
  env.registerFunction('oc_merge(dyn): map', (a: unknown) => ocMerge(a));
  for (let n = 2; n <= MAX_VARIADIC; n++) {
    env.registerFunction(
      `oc_merge(${repeat('map', n)}): map`,
      (...maps: unknown[]) => ocMerge(...maps),
    );
  }

  for (const [name, fn] of [
    ['oc_generate_name', ocGenerateName],
    ['oc_dns_label', ocDnsLabel],
  ] as const) {
    env.registerFunction(`${name}(string): string`, (s: string) => fn(s));
    env.registerFunction(`${name}(list): string`, (l: unknown[]) =>
      fn(...stringParts(name, [l])),
    );
    for (let n = 2; n <= MAX_VARIADIC; n++) {
      env.registerFunction(
        `${name}(${repeat('dyn', n)}): string`,
        (...parts: unknown[]) => fn(...stringParts(name, parts)),
      );
    }
  }
}

/**
 * A CEL environment like OpenChoreo's: optional types on, mixed-type list and
 * map literals allowed, the `oc_*` functions, cel-go's extension libraries
 * (extensions/), and every top-level variable
 * declared as `dyn` (others are undeclared references).
 */
export function createCelEnvironment(variableNames: string[]): Environment {
  const env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    unlistedVariablesAreDyn: false,
  });
  registerStringExtensions(env);
  registerRe2Matches(env);
  registerOpenChoreoFunctions(env);
  registerCelExtensions(env);
  for (const name of variableNames) env.registerVariable(name, 'dyn');
  return env;
}

const environments = new Map<string, Environment>();

/** A cached environment per set of declared variables. */
export function celEnvironmentFor(variableNames: string[]): Environment {
  const key = [...variableNames].sort().join(',');
  let env = environments.get(key);
  if (!env) {
    env = createCelEnvironment(variableNames);
    environments.set(key, env);
  }
  return env;
}

/** The first line of a library error, without its source excerpt. */
export function celErrorMessage(error: unknown): string {
  if (error instanceof Error) {
    const summary = (error as { summary?: unknown }).summary;
    const text =
      typeof summary === 'string' && summary ? summary : error.message;
    return publicNames(text.split('\n')[0]);
  }
  return String(error);
}

let observer: ((expression: string) => void) | undefined;

/**
 * Tells `onExpression` each expression before it is evaluated (none when
 * undefined). The evaluation worker records them, so that an evaluation
 * stopped at its deadline can name the expression it was in.
 *
 * @public
 */
export function observeCelEvaluations(
  onExpression: ((expression: string) => void) | undefined,
) {
  observer = onExpression;
}

/**
 * Evaluates one CEL expression against CEL-typed variables (see toCel) and
 * returns the raw CEL value (bigint ints, OMIT, ...). Throws the library error.
 *
 * @public
 */
export function evaluateCel(
  expression: string,
  variables: Record<string, unknown>,
): unknown {
  observer?.(expression);
  const env = celEnvironmentFor(Object.keys(variables));
  return evaluateWithExtensions(env, expression, variables);
}
