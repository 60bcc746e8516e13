import { JSONSchema } from './types';
import { setOwn } from './ownProperty';

/**
 * Vendor extension carrying RJSF hints: `{ui:field, ui:widget, ui:options, ...}`.
 *
 * @public
 */
export const PORTAL_HINTS_KEY = 'x-openchoreo-backstage-portal';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `repoUrl` → `Repo Url`, `tf_state-key` → `Tf State Key`, `s3Bucket` → `S3 Bucket`.
 *
 * @public
 */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
  return words.map(w => w[0].toUpperCase() + w.slice(1)).join(' ');
}

function buildNode(schema: JSONSchema, key?: string): Record<string, unknown> {
  const ui: Record<string, unknown> = {};
  if (!isPlainObject(schema)) return ui;
  if (key !== undefined && typeof schema.title !== 'string')
    ui['ui:title'] = humanizeKey(key);
  if (schema.format === 'password') ui['ui:widget'] = 'password';

  const hints = schema[PORTAL_HINTS_KEY];
  if (isPlainObject(hints)) {
    for (const [hint, value] of Object.entries(hints)) {
      if (hint.startsWith('ui:')) ui[hint] = value;
    }
  }

  if (isPlainObject(schema.properties)) {
    const keys = Object.keys(schema.properties);
    for (const prop of keys) {
      const child = buildNode(schema.properties[prop], prop);
      if (Object.keys(child).length > 0) setOwn(ui, prop, child);
    }
    if (keys.length > 0 && ui['ui:order'] === undefined) {
      const open =
        schema.additionalProperties !== undefined &&
        schema.additionalProperties !== false;
      ui['ui:order'] = open ? [...keys, '*'] : keys;
    }
  }
  if (isPlainObject(schema.items)) {
    const child = buildNode(schema.items as JSONSchema);
    if (Object.keys(child).length > 0) ui.items = child;
  }
  if (isPlainObject(schema.additionalProperties)) {
    const child = buildNode(schema.additionalProperties as JSONSchema);
    if (Object.keys(child).length > 0) ui.additionalProperties = child;
  }
  return ui;
}

/**
 * The RJSF uiSchema for a parameter schema: `ui:order` = declaration order of each object's
 * properties (`*` appended when the object also takes extra keys), `ui:title` from the key when
 * the schema has no title, `ui:widget: password` for `format: password`, and every `ui:*` entry
 * of `x-openchoreo-backstage-portal` (which wins over the derived ones).
 *
 * @public
 */
export function buildUiSchema(schema: JSONSchema): Record<string, unknown> {
  return buildNode(schema);
}
