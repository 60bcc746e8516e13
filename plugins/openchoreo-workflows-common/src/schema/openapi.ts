/**
 * v1.x `spec.parameters.openAPIV3Schema` → self-contained draft-07 JSON Schema.
 * `$ref` resolution follows OpenChoreo `internal/schema/ref_resolver.go`: local `#/$defs/Name`
 * only, chained refs, cycles rejected, sibling keys override the referenced schema, `$defs` dropped.
 */
import { FieldError, JSONSchema } from './types';
import { setOwn } from './ownProperty';

export const MAX_REF_DEPTH = 64;

/** Keywords whose value is a schema or a list of schemas (walked for `$ref`s). */
export const SCHEMA_KEYWORDS = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'oneOf',
  'anyOf',
];

class RefProblem extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function childPath(path: string, keyword: string, key?: string): string {
  if (keyword === 'properties' || keyword === 'patternProperties') {
    return path ? `${path}.${key}` : String(key);
  }
  if (keyword === 'items') return `${path}[]`;
  if (keyword === 'additionalProperties') return path ? `${path}.*` : '*';
  return path;
}

function parseLocalRef(ref: string): string {
  if (ref.startsWith('http://') || ref.startsWith('https://')) {
    throw new RefProblem(`only local $ref supported, got "${ref}"`);
  }
  if (!ref.startsWith('#/')) {
    throw new RefProblem(
      `only local $ref supported (must start with #/), got "${ref}"`,
    );
  }
  const parts = ref.slice(2).split('/');
  if (parts.length !== 2 || parts[0] !== '$defs') {
    throw new RefProblem(
      `unsupported $ref path "${ref}": expected #/$defs/Name`,
    );
  }
  if (parts[1] === '')
    throw new RefProblem(`empty definition name in $ref "${ref}"`);
  return parts[1];
}

class RefResolver {
  readonly errors: FieldError[] = [];

  constructor(private readonly defs: Record<string, unknown> | undefined) {}

  /** Resolves a node in place-free fashion; a `$ref` that cannot be resolved becomes `{}` and is reported. */
  node(
    value: unknown,
    path: string,
    visiting: string[],
    depth: number,
  ): unknown {
    if (Array.isArray(value)) {
      return value.map(item => this.node(item, path, visiting, depth + 1));
    }
    if (!isPlainObject(value)) return value;
    if (depth > MAX_REF_DEPTH) {
      throw new RefProblem(
        `$ref resolution exceeded maximum depth of ${MAX_REF_DEPTH}`,
      );
    }
    if ('$ref' in value) return this.ref(value, path, visiting, depth);

    const out: Record<string, unknown> = { ...value };
    for (const keyword of SCHEMA_KEYWORDS) {
      if (keyword in out)
        out[keyword] = this.guard(
          out[keyword],
          childPath(path, keyword),
          visiting,
          depth,
        );
    }
    for (const keyword of ['properties', 'patternProperties']) {
      const props = out[keyword];
      if (!isPlainObject(props)) continue;
      const resolved: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(props)) {
        setOwn(
          resolved,
          key,
          this.guard(prop, childPath(path, keyword, key), visiting, depth),
        );
      }
      out[keyword] = resolved;
    }
    return out;
  }

  /** Resolves a child; its problem is recorded at its own path and it becomes `{}`. */
  private guard(
    value: unknown,
    path: string,
    visiting: string[],
    depth: number,
  ): unknown {
    try {
      return this.node(value, path, visiting, depth + 1);
    } catch (e) {
      if (!(e instanceof RefProblem)) throw e;
      this.errors.push({ path, message: e.message });
      return {};
    }
  }

  private ref(
    node: Record<string, unknown>,
    path: string,
    visiting: string[],
    depth: number,
  ): unknown {
    const ref = node.$ref;
    if (typeof ref !== 'string')
      throw new RefProblem(`$ref must be a string, got ${typeof ref}`);
    const name = parseLocalRef(ref);
    if (visiting.includes(name)) {
      throw new RefProblem(`circular $ref: ${[...visiting, name].join(' → ')}`);
    }
    if (!this.defs)
      throw new RefProblem(`$ref "${ref}" not found: no definitions available`);
    if (!Object.prototype.hasOwnProperty.call(this.defs, name)) {
      throw new RefProblem(`$ref "${ref}" not found in definitions`);
    }
    const def = this.defs[name];
    if (!isPlainObject(def))
      throw new RefProblem(`$ref "${ref}" resolved to non-object type`);

    const resolved = this.node(
      clone(def),
      path,
      [...visiting, name],
      depth + 1,
    ) as Record<string, unknown>;
    const siblings = Object.entries(node).filter(([key]) => key !== '$ref');
    if (siblings.length === 0) return resolved;
    const merged: Record<string, unknown> = { ...resolved };
    for (const [key, value] of siblings) setOwn(merged, key, value);
    return this.node(merged, path, visiting, depth + 1);
  }
}

/**
 * Inlines every `$ref` and drops `$defs`. Never mutates the input. A `$ref` that cannot be
 * resolved (remote, not under `#/$defs/`, missing, circular, too deep) is replaced by `{}`
 * and reported at its property path (`a.b`, array items `a[]`, map values `a.*`).
 *
 * @public
 */
export function resolveRefs(schema: Record<string, unknown>): {
  schema: JSONSchema;
  errors: FieldError[];
} {
  const defs =
    isPlainObject(schema.$defs) && Object.keys(schema.$defs).length > 0
      ? schema.$defs
      : undefined;
  const resolver = new RefResolver(defs);
  const withoutDefs: Record<string, unknown> = { ...schema };
  delete withoutDefs.$defs;
  let resolved: JSONSchema;
  try {
    resolved = resolver.node(withoutDefs, '', [], 0) as JSONSchema;
  } catch (e) {
    if (!(e instanceof RefProblem)) throw e;
    return {
      schema: { type: 'object', properties: {} },
      errors: [{ path: '', message: e.message }],
    };
  }
  return { schema: resolved, errors: resolver.errors };
}

const SUBSCHEMA_MAPS = [
  'properties',
  'patternProperties',
  'dependencies',
  'definitions',
];
const SUBSCHEMA_SINGLE = [
  'items',
  'additionalProperties',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];

/**
 * Rewrites K8s/OpenAPI-v3.0 forms for draft-07 consumers (ajv 8, RJSF 5), returning a copy:
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become numeric bounds (false is dropped),
 * and a root `$schema` is dropped so ajv does not look for another meta-schema.
 * Vendor keys (`x-*`), `example` and `nullable` are kept.
 *
 * @public
 */
export function toDraft07(schema: JSONSchema): JSONSchema {
  const out = normalizeNode(schema) as JSONSchema;
  if (isPlainObject(out)) delete out.$schema;
  return out;
}

function normalizeNode(node: unknown): unknown {
  if (!isPlainObject(node)) return clone(node);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SUBSCHEMA_MAPS.includes(key) && isPlainObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, normalizeNode(v)]),
      );
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map(normalizeNode);
    } else if (SUBSCHEMA_SINGLE.includes(key) && isPlainObject(value)) {
      out[key] = normalizeNode(value);
    } else {
      setOwn(out, key, clone(value));
    }
  }
  for (const [exclusive, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ]) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[inclusive] === 'number') {
      out[exclusive] = out[inclusive];
      delete out[inclusive];
    } else {
      delete out[exclusive];
    }
  }
  return out;
}

/**
 * Resolves refs and converts to draft-07: the schema RJSF/ajv get for a v1.x workflow.
 *
 * @public
 */
export function openAPIV3ToJsonSchema(raw: unknown): {
  schema: JSONSchema;
  errors: FieldError[];
} {
  const { schema, errors } = resolveOpenAPIV3(raw);
  return { schema: toDraft07(schema), errors };
}

/**
 * A v1.x `openAPIV3Schema` with its `$ref`s resolved, in its own (OpenAPI v3 / K8s) form.
 *
 * @public
 */
export function resolveOpenAPIV3(raw: unknown): {
  schema: JSONSchema;
  errors: FieldError[];
} {
  if (raw === undefined || raw === null)
    return { schema: { type: 'object', properties: {} }, errors: [] };
  if (!isPlainObject(raw)) {
    return {
      schema: { type: 'object', properties: {} },
      errors: [
        {
          path: '',
          message: `openAPIV3Schema must be an object, got ${
            Array.isArray(raw) ? 'array' : typeof raw
          }`,
        },
      ],
    };
  }
  return resolveRefs(raw);
}
