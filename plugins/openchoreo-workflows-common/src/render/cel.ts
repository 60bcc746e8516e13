import { Environment } from '@marcbachmann/cel-js';
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
      (s: string, from: string, to: string) => s.split(from).join(to),
    )
    .registerFunction(
      'string.replace(string, string, int): string',
      (s: string, from: string, to: string, n: bigint) => {
        if (n < 0n) return s.split(from).join(to);
        let out = s;
        let index = 0;
        for (let i = 0n; i < n; i++) {
          const at = out.indexOf(from, index);
          if (at < 0) break;
          out = out.slice(0, at) + to + out.slice(at + from.length);
          index = at + to.length;
        }
        return out;
      },
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
      fn(...stringParts([l])),
    );
    for (let n = 2; n <= MAX_VARIADIC; n++) {
      env.registerFunction(
        `${name}(${repeat('dyn', n)}): string`,
        (...parts: unknown[]) => fn(...stringParts(parts)),
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

/**
 * Evaluates one CEL expression against CEL-typed variables (see toCel) and
 * returns the raw CEL value (bigint ints, OMIT, ...). Throws the library error.
 */
export function evaluateCel(
  expression: string,
  variables: Record<string, unknown>,
): unknown {
  const env = celEnvironmentFor(Object.keys(variables));
  return evaluateWithExtensions(env, expression, variables);
}
