import { WorkflowResource } from '../model/types';
import { RenderError } from '../render/errors';
import {
  renderWithParameters,
  renderWorkflowRun,
} from '../render/renderWorkflow';
import { toCel } from '../render/values';
import { applyDefaults } from '../schema/defaults';
import { formDefaults } from '../schema/formDefaults';
import { setOwn } from '../schema/ownProperty';
import { buildParameterSchema } from '../schema/parameterSchema';
import { JSONSchema, ParameterSchema } from '../schema/types';
import type { WorkflowWarning } from '../api/types';
import { renderErrorInfo } from './renderErrorInfo';

const isMap = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value of the property's type for a required property the form leaves empty. */
function placeholder(prop: JSONSchema): unknown {
  if (Array.isArray(prop.enum) && prop.enum.length > 0) return prop.enum[0];
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  const min = typeof prop.minimum === 'number' ? prop.minimum : 1;
  switch (type) {
    case 'string':
      return 'example';
    case 'integer':
      return Math.ceil(min);
    case 'number':
      return min;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return fillRequired({}, prop);
    default:
      return undefined;
  }
}

function fillRequired(value: Record<string, unknown>, schema: JSONSchema) {
  const properties = isMap(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of required) {
    const prop = properties[key];
    if (value[key] === undefined && isMap(prop)) {
      const sample = placeholder(prop);
      if (sample !== undefined) setOwn(value, key, sample);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (isMap(child) && isMap(properties[key]))
      fillRequired(child, properties[key]);
  }
  return value;
}

function hasNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(hasNumber);
  return isMap(value) && Object.values(value).some(hasNumber);
}

function renderError(render: () => unknown): RenderError | undefined {
  try {
    render();
    return undefined;
  } catch (error) {
    if (error instanceof RenderError) return error;
    throw error;
  }
}

/** The form's starting values, with a placeholder for each required value. */
function sampleParameters(schema: ParameterSchema): Record<string, unknown> {
  return fillRequired(formDefaults(schema.jsonSchema), schema.jsonSchema);
}

/**
 * Whether a form of this schema holds a number at all (without one, a user
 * cannot type a number and workflowWarnings has nothing to find). Cheap: no
 * CEL, no regular expression, so callers may ask it on their event loop.
 *
 * @public
 */
export function mayFailForUserNumbers(schema: ParameterSchema): boolean {
  return hasNumber(applyDefaults(schema.jsonSchema, sampleParameters(schema)));
}

/**
 * What the workflow's authors should know: whether the template fails as soon
 * as a user types a number. The form's starting values (defaults, and a
 * placeholder for each required value) are rendered twice: as a launch sends
 * them when a user typed them (every number a double, as OpenChoreo reads a
 * WorkflowRun), and as defaults (whole numbers ints). Only the first failing
 * means that a template multiplies or compares a number in a way only ints
 * allow (`parameters.count * 100` with `count: 3.0` is "no such overload").
 *
 * @public
 */
export function workflowWarnings(
  workflow: WorkflowResource,
): WorkflowWarning[] {
  const schema = buildParameterSchema(workflow);
  if (schema.errors.length > 0 || !workflow?.spec?.runTemplate) return [];
  if (!mayFailForUserNumbers(schema)) return [];
  const sample = sampleParameters(schema);
  const ctx = {
    runName: 'sample-run',
    namespace: workflow.metadata?.namespace || 'default',
  };
  const typed = renderError(() =>
    renderWorkflowRun(workflow, sample, ctx, schema),
  );
  if (!typed || typed.missingInput) return [];
  const asDefaults = toCel(applyDefaults(schema.jsonSchema, sample));
  const withDefaults = renderError(() =>
    renderWithParameters(workflow, asDefaults as Record<string, unknown>, ctx),
  );
  if (withDefaults) return [];
  const info = renderErrorInfo(typed);
  return [
    {
      reason: 'UserNumbersFailToRender',
      ...info,
      message: `A launch with a number typed by a user fails: ${info.message}. OpenChoreo reads every number of a WorkflowRun's parameters as a double (whole-number defaults stay ints): convert in the template with int(...) or double(...).`,
    },
  ];
}
