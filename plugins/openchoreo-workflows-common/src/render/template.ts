import { celErrorMessage, evaluateCel } from './cel';
import { celGoMessage, childPath, RenderError } from './errors';
import { formatGoFloat, goJsonOrSprint, goSprintV } from './goformat';
import {
  celToGo,
  CEL_NULL,
  dataContainers,
  goTypeName,
  isCelNull,
} from './goTree';
import { collectEvaluationNotes } from './notes';
import {
  CelMatch,
  findExpressions,
  isStandalone,
  NestedExpressionError,
} from './scanner';
import { isOmit, OMIT } from './values';
import { typeValueName } from './extensions/values';
import { setOwn } from '../schema/ownProperty';

/**
 * CEL variables, already converted with `toCel`.
 *
 * @public
 */
export type CelVariables = Record<string, unknown>;

/**
 * A spot where OpenChoreo renders something other than what the template
 * plainly says, because of how OpenChoreo itself works (a null printed as 0,
 * `oc_merge` ignoring the run's labels, ...): the preview shows what
 * OpenChoreo does and says so.
 *
 * @public
 */
export interface RenderWarning {
  message: string;
  expression?: string;
  location?: string;
}

/**
 * What rendering templates needs: the variables, which of their lists and maps are data, and where warnings go.
 *
 * @public
 */
export interface RenderScope {
  variables: CelVariables;
  data: WeakSet<object>;
  warnings: RenderWarning[];
}

/** @public */
export function renderScope(variables: CelVariables): RenderScope {
  return { variables, data: dataContainers(variables), warnings: [] };
}

function warn(
  scope: RenderScope,
  message: string,
  expression: string,
  location: string,
) {
  scope.warnings.push({
    message: `${message}: \`${expression}\` at ${location}`,
    expression,
    location,
  });
}

function evaluate(
  expression: string,
  scope: RenderScope,
  location: string,
): unknown {
  try {
    const { value, notes } = collectEvaluationNotes(() =>
      evaluateCel(expression, scope.variables),
    );
    for (const note of notes)
      warn(scope, note, `\${${expression.trim()}}`, location);
    return value;
  } catch (error) {
    const reason = celGoMessage(celErrorMessage(error));
    throw new RenderError(
      `${location}: CEL error in expression '${expression.trim()}': ${reason}`,
      { expression, location, reason, cause: error },
    );
  }
}

function containsCelNull(value: unknown): boolean {
  if (isCelNull(value)) return true;
  if (Array.isArray(value)) return value.some(containsCelNull);
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some(containsCelNull);
  }
  return false;
}

const ARGUMENT_VALUE =
  /^runTemplate\.spec\.arguments\.parameters\[\d+\]\.value$/;
const NULL_AS_VALUE =
  'OpenChoreo writes this null as NULL_VALUE (its CEL engine hands a null on as a protobuf NullValue, which its controller prints with %v)';
const NULL_AS_ZERO =
  'OpenChoreo writes this null as 0 (its CEL engine hands a null on as a protobuf NullValue, which JSON encodes as 0)';

/** How OpenChoreo writes a CEL result into surrounding text (engine.go:150-172). */
function interpolationText(raw: unknown, scope: RenderScope): string {
  if (typeof raw === 'string') return raw;
  const typeName = typeValueName(raw);
  if (typeName !== undefined) return typeName;
  if (typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'number') return formatGoFloat(raw);
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  if (isOmit(raw)) return '{}';
  return goJsonOrSprint(celToGo(raw, scope.data));
}

/**
 * OpenChoreo substitutes each result with `strings.Replace(rendered,
 * "${expr}", text, 1)` on the text rendered so far (engine.go:171), so a
 * result that contains a later expression's text gets that expression's
 * result instead of the later place.
 */
function interpolate(
  text: string,
  matches: CelMatch[],
  scope: RenderScope,
  location: string,
): string {
  let rendered = text;
  let plain = '';
  let last = 0;
  for (const match of matches) {
    const raw = evaluate(match.inner, scope, location);
    const replacement = interpolationText(raw, scope);
    if (containsCelNull(celToGo(raw, scope.data)))
      warn(scope, NULL_AS_ZERO, match.full, location);
    const at = rendered.indexOf(match.full);
    if (at >= 0) {
      rendered =
        rendered.slice(0, at) +
        replacement +
        rendered.slice(at + match.full.length);
    }
    plain += text.slice(last, match.start) + replacement;
    last = match.end;
  }
  plain += text.slice(last);
  if (rendered !== plain) {
    warn(
      scope,
      `OpenChoreo substitutes a result into the text an earlier expression left (strings.Replace in its template engine), so this renders ${JSON.stringify(
        rendered,
      )} rather than ${JSON.stringify(plain)}`,
      text,
      location,
    );
  }
  return rendered;
}

/**
 * Renders one template string: a standalone `${...}` keeps the result's Go
 * type (goTree.ts; OMIT when it is `oc_omit()`), otherwise results are
 * interpolated as text.
 *
 * @public
 */
export function renderString(
  text: string,
  scope: RenderScope,
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
    const value = celToGo(
      evaluate(matches[0].inner, scope, location),
      scope.data,
    );
    if (value === CEL_NULL && ARGUMENT_VALUE.test(location)) {
      warn(scope, NULL_AS_VALUE, matches[0].full, location);
    } else if (containsCelNull(value)) {
      warn(scope, NULL_AS_ZERO, matches[0].full, location);
    }
    return value;
  }
  return interpolate(text, matches, scope, location);
}

/**
 * Renders a template tree (objects, lists, strings) like OpenChoreo's
 * `Engine.Render`: map keys may be expressions (which must give a string),
 * entries and items whose value is `oc_omit()` are dropped.
 * Returns OMIT when the whole value is omitted.
 *
 * @public
 */
export function renderTemplateValue(
  value: unknown,
  scope: RenderScope,
  location: string,
): unknown {
  if (typeof value === 'string') {
    return renderString(value, scope, location);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const rendered = renderTemplateValue(
        item,
        scope,
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
      const renderedKey = renderString(key, scope, keyLocation);
      if (typeof renderedKey !== 'string') {
        throw new RenderError(
          `${keyLocation}: dynamic map key '${key}' must evaluate to a string, got ${goTypeName(
            renderedKey,
          )}: ${goSprintV(renderedKey)}`,
          { expression: key, location: keyLocation },
        );
      }
      const rendered = renderTemplateValue(item, scope, keyLocation);
      if (!isOmit(rendered)) setOwn(out, renderedKey, rendered);
    }
    return out;
  }
  return value;
}

export { OMIT };
