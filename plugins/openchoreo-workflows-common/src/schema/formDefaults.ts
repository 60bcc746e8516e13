import { applyDefaults } from './defaults';
import { JSONSchema } from './types';
import { setOwn } from './ownProperty';

const isMap = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isObjectSchema = (s: unknown): s is JSONSchema =>
  isMap(s) && (s.type === 'object' || (!s.type && !!s.properties));

/**
 * `{}` for every nested object without a default of its own, so defaults below it apply.
 * (A schema with problems may hold anything where a property's schema belongs.)
 */
function skeleton(schema: JSONSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isMap(schema.properties) ? schema.properties : {};
  for (const [key, prop] of Object.entries(properties)) {
    if (isObjectSchema(prop) && prop.default === undefined) {
      setOwn(out, key, skeleton(prop));
    }
  }
  return out;
}

/**
 * The parameters a launch form starts with: every nested object present, so
 * the defaults below it are filled, as a form that renders each section does.
 * `applyDefaults` alone keeps Kubernetes' structural semantics (an absent
 * object gets no defaults), which is what the controller applies to a run.
 *
 * @public
 */
export function formDefaults(
  jsonSchema: JSONSchema,
  parameters: unknown = {},
): Record<string, unknown> {
  return applyDefaults(
    jsonSchema,
    mergeMissing(parameters, skeleton(jsonSchema)),
  );
}

function mergeMissing(value: unknown, base: Record<string, unknown>): unknown {
  if (value === undefined || value === null) return base;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {
    ...(value as Record<string, unknown>),
  };
  for (const [k, v] of Object.entries(base)) {
    const given = Object.prototype.hasOwnProperty.call(out, k)
      ? out[k]
      : undefined;
    setOwn(
      out,
      k,
      given === undefined
        ? v
        : mergeMissing(given, v as Record<string, unknown>),
    );
  }
  return out;
}
