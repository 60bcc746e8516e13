import { Environment } from '@marcbachmann/cel-js';
import { namespaceName } from './namespace';
import { overrideGlobalName, prepareAst, publicNames } from './overrides';
import { registerConversions } from './conversions';
import { registerTwoVarComprehensions } from './comprehensions';
import { registerEncodersExtension } from './encoders';
import { registerListsExtension } from './lists';
import { registerMathExtension } from './math';
import { registerOptionalExtras } from './optionals';
import { registerSetsExtension } from './sets';
import { registerStringsExtension } from './strings';
import { celError } from './values';

/**
 * The cel-go extension libraries OpenChoreo v1.2.3 enables
 * (internal/template/custom_functions.go BaseCELExtensions: OptionalTypes,
 * Strings, Encoders, Math, Lists, Sets, TwoVarComprehensions, all at their
 * latest version of cel-go v0.29.2), on a cel-js environment.
 */
export function registerCelExtensions(env: Environment): void {
  registerStringsExtension(env);
  registerMathExtension(env);
  registerListsExtension(env);
  registerSetsExtension(env);
  registerEncodersExtension(env);
  registerTwoVarComprehensions(env);
  registerOptionalExtras(env);
  registerConversions(env, overrideGlobalName);
}

/** cel-go's optional entries in list and map literals, which cel-js cannot parse. */
const OPTIONAL_ENTRY = /[[{,:]\s*\?/;

/** Parses, prepares (overrides.ts) and evaluates one expression. */
export function evaluateWithExtensions(
  env: Environment,
  expression: string,
  variables: Record<string, unknown>,
): unknown {
  let parsed;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    if (OPTIONAL_ENTRY.test(expression)) {
      throw celError(
        'optional list and map entries ([?x], {?key: value}) are not supported by this preview (docs/divergences.md); OpenChoreo renders them',
      );
    }
    throw error;
  }
  prepareAst(parsed.ast);
  const result = parsed(variables);
  const namespace = namespaceName(result);
  if (namespace) throw celError(`undeclared reference to '${namespace}'`);
  return result;
}

export { publicNames };
