import { celErrorMessage, evaluateCel } from './cel';
import { childPath, RenderError } from './errors';
import { formatGoFloat, goJson } from './goformat';
import {
  findExpressions,
  isStandalone,
  NestedExpressionError,
} from './scanner';
import { fromCel, isOmit, OMIT } from './values';
import { typeValueName } from './extensions/values';
import { setOwn } from '../schema/ownProperty';

/** CEL variables, already converted with `toCel`. */
export type CelVariables = Record<string, unknown>;

function evaluate(
  expression: string,
  variables: CelVariables,
  location: string,
): unknown {
  try {
    return evaluateCel(expression, variables);
  } catch (error) {
    throw new RenderError(
      `${location}: CEL error in expression '${expression.trim()}': ${celErrorMessage(
        error,
      )}`,
      { expression, location, cause: error },
    );
  }
}

/** How OpenChoreo writes a CEL result into surrounding text. */
function interpolationText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  const typeName = typeValueName(raw);
  if (typeName !== undefined) return typeName;
  if (typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'number') return formatGoFloat(raw);
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  if (isOmit(raw)) return '{}';
  return goJson(fromCel(raw));
}

/**
 * Renders one template string: a standalone `${...}` keeps the result's type
 * (OMIT when it is `oc_omit()`), otherwise results are interpolated as text.
 */
export function renderString(
  text: string,
  variables: CelVariables,
  location: string,
): unknown {
  let matches;
  try {
    matches = findExpressions(text);
  } catch (error) {
    if (error instanceof NestedExpressionError) {
      throw new RenderError(`${location}: ${error.message}`, {
        expression: error.fragment,
        location,
      });
    }
    throw error;
  }
  if (matches.length === 0) return text;
  if (isStandalone(text, matches)) {
    return fromCel(evaluate(matches[0].inner, variables, location));
  }
  let out = '';
  let last = 0;
  for (const match of matches) {
    out += text.slice(last, match.start);
    out += interpolationText(evaluate(match.inner, variables, location));
    last = match.end;
  }
  return out + text.slice(last);
}

/**
 * Renders a template tree (objects, lists, strings) like OpenChoreo's
 * `Engine.Render`: map keys may be expressions (which must give a string),
 * entries and items whose value is `oc_omit()` are dropped.
 * Returns OMIT when the whole value is omitted.
 */
export function renderTemplateValue(
  value: unknown,
  variables: CelVariables,
  location: string,
): unknown {
  if (typeof value === 'string') {
    return renderString(value, variables, location);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const rendered = renderTemplateValue(
        item,
        variables,
        childPath(location, index),
      );
      if (!isOmit(rendered)) out.push(rendered);
    });
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const keyLocation = childPath(location, key);
      const renderedKey = renderString(key, variables, keyLocation);
      if (typeof renderedKey !== 'string') {
        throw new RenderError(
          `${keyLocation}: dynamic map key '${key}' must evaluate to a string, got ${goJson(
            renderedKey,
          )}`,
          { expression: key, location: keyLocation },
        );
      }
      const rendered = renderTemplateValue(item, variables, keyLocation);
      if (!isOmit(rendered)) setOwn(out, renderedKey, rendered);
    }
    return out;
  }
  return value;
}

export { OMIT };
