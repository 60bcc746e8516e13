import { JSONSchema } from './types';
import { setOwn } from './ownProperty';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

const has = (obj: object, key: string) =>
  Object.prototype.hasOwnProperty.call(obj, key);

/** Makes the value a missing property gets from its schema's `default` (a fresh copy). */
export type DefaultValue = (propertySchema: JSONSchema) => unknown;

const jsonDefault: DefaultValue = prop => clone(prop.default);

/**
 * K8s `structuraldefaulting.Default`, in place on an already-copied value.
 * `defaultValue` decides how a default is materialized (JSON data by default;
 * CEL-typed values for rendering, see celParameters).
 */
export function defaultInPlace(
  value: unknown,
  schema: JSONSchema | undefined,
  defaultValue: DefaultValue = jsonDefault,
) {
  if (!isPlainObject(schema)) return;
  if (isPlainObject(value)) {
    const properties = isPlainObject(schema.properties)
      ? schema.properties
      : {};
    for (const [key, prop] of Object.entries(properties)) {
      if (
        !isPlainObject(prop) ||
        prop.default === undefined ||
        prop.default === null
      )
        continue;
      const missing = !has(value, key) || value[key] === undefined;
      if (missing || isNonNullableNull(value[key], prop))
        setOwn(value, key, defaultValue(prop));
    }
    for (const [key, child] of Object.entries(value)) {
      if (has(properties, key)) {
        defaultInPlace(child, properties[key], defaultValue);
      } else if (isPlainObject(schema.additionalProperties)) {
        const values = schema.additionalProperties as JSONSchema;
        if (isNonNullableNull(child, values))
          setOwn(value, key, defaultOrNull(values, defaultValue));
        defaultInPlace(value[key], values, defaultValue);
      }
    }
  } else if (Array.isArray(value) && isPlainObject(schema.items)) {
    const items = schema.items as JSONSchema;
    value.forEach((item, i) => {
      if (isNonNullableNull(item, items))
        value[i] = defaultOrNull(items, defaultValue);
      defaultInPlace(value[i], items, defaultValue);
    });
  }
}

/** A schema's default as `defaultValue` makes it, or null without one. */
function defaultOrNull(
  schema: JSONSchema,
  defaultValue: DefaultValue,
): unknown {
  return schema.default === undefined ? null : defaultValue(schema);
}

/**
 * A null where the schema does not allow one: Kubernetes replaces it by the
 * schema's default (a list item by `items.default`, a map value by
 * `additionalProperties.default`; `defaulting/algorithm.go:53-62` in
 * k8s.io/apiextensions-apiserver).
 */
function isNonNullableNull(value: unknown, schema: JSONSchema): boolean {
  return value === null && schema.nullable !== true;
}

/**
 * Fills missing values from schema defaults with Kubernetes structural semantics:
 * a missing (or non-nullable null) property gets its `default`, existing values are kept,
 * and defaulting descends only into values that exist — so a nested object is created only
 * by its own `default` (e.g. `default: {}`) or by the caller. Array items and map values are
 * defaulted too, and a non-nullable null item or map value takes `items.default` or
 * `additionalProperties.default`. Pure: returns a new object; `undefined`, `null` or non-object input → `{}`.
 *
 * @public
 */
export function applyDefaults(
  jsonSchema: JSONSchema,
  parameters: unknown,
): Record<string, unknown> {
  const result = isPlainObject(parameters) ? clone(parameters) : {};
  defaultInPlace(result, jsonSchema);
  return result;
}
