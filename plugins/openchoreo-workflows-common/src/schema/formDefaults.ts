import { applyDefaults } from './defaults';
import { JSONSchema } from './types';
import { setOwn } from './ownProperty';

const isObjectSchema = (s: JSONSchema | undefined) =>
  !!s && (s.type === 'object' || (!s.type && !!s.properties));

/** `{}` for every nested object without a default of its own, so defaults below it apply. */
function skeleton(schema: JSONSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.default === undefined && isObjectSchema(prop)) setOwn(out, key, skeleton(prop));
  }
  return out;
}

/**
 * The parameters a launch form starts with: every nested object present, so
 * the defaults below it are filled, as a form that renders each section does.
 * `applyDefaults` alone keeps Kubernetes' structural semantics (an absent
 * object gets no defaults), which is what the controller applies to a run.
 */
export function formDefaults(
  jsonSchema: JSONSchema,
  parameters: unknown = {},
): Record<string, unknown> {
  return applyDefaults(jsonSchema, mergeMissing(parameters, skeleton(jsonSchema)));
}

function mergeMissing(value: unknown, base: Record<string, unknown>): unknown {
  if (value === undefined || value === null) return base;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [k, v] of Object.entries(base)) {
    const given = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    setOwn(out, k, given === undefined ? v : mergeMissing(given, v as Record<string, unknown>));
  }
  return out;
}
