import { WorkflowResource } from '../model/types';
import { defaultInPlace } from './defaults';
import { jsonEqual } from './jsonEqual';
import { setOwn } from './ownProperty';
import { buildParameterSchema } from './parameterSchema';
import { JSONSchema } from './types';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const has = (obj: object, key: string) =>
  Object.prototype.hasOwnProperty.call(obj, key);

/** `value` with its schema's defaults applied below it (a copy). */
function defaulted(value: unknown, schema: JSONSchema): unknown {
  const copy = value === undefined ? value : JSON.parse(JSON.stringify(value));
  defaultInPlace(copy, schema);
  return copy;
}

/** Whether structural defaulting would put exactly `value` there if the property were absent. */
function reproducedByDefault(value: unknown, prop: JSONSchema): boolean {
  if (prop.default === undefined || prop.default === null) return false;
  if (value === null) return prop.nullable !== true; // a non-nullable null is replaced by the default
  return jsonEqual(defaulted(value, prop), defaulted(prop.default, prop));
}

function prune(value: unknown, schema: unknown): unknown {
  if (!isPlainObject(schema)) return value;
  if (Array.isArray(value)) {
    return isPlainObject(schema.items)
      ? value.map(item => prune(item, schema.items))
      : value;
  }
  if (!isPlainObject(value)) return value;
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const known = has(properties, key);
    const childSchema = known ? properties[key] : schema.additionalProperties;
    const pruned = prune(child, childSchema);
    if (known && isPlainObject(childSchema)) {
      if (reproducedByDefault(pruned, childSchema)) continue;
    }
    setOwn(out, key, pruned);
  }
  return out;
}

/**
 * The parameters without every value that Kubernetes structural defaulting
 * would reproduce identically (bottom-up: a property equal to what its
 * `default` would put there, then an object equal to its own default once its
 * children are pruned). `applyDefaults(schema, result)` deep-equals
 * `applyDefaults(schema, parameters)`. Non-object input gives `{}`.
 *
 * @public
 */
export function pruneDefaults(
  jsonSchema: JSONSchema,
  parameters: unknown,
): Record<string, unknown> {
  if (!isPlainObject(parameters)) return {};
  return prune(parameters, jsonSchema) as Record<string, unknown>;
}

/**
 * What a launch writes into the WorkflowRun's `spec.workflow.parameters`: what
 * the user set, without the values OpenChoreo's own defaulting would put
 * there. A form starts filled with the defaults, and a default left as it is
 * must reach OpenChoreo as a default, with the type OpenChoreo gives defaults
 * (a whole-number default of an openAPIV3Schema is an int in CEL, while every
 * number written in a WorkflowRun is a double).
 *
 * @public
 */
export function launchParameters(
  workflow: WorkflowResource,
  userParameters: unknown,
): Record<string, unknown> {
  return pruneDefaults(
    buildParameterSchema(workflow).jsonSchema,
    userParameters,
  );
}
