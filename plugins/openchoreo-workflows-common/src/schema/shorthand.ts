/**
 * The legacy (v0.4–v0.17) shorthand parameter schema → JSON Schema.
 * Port of OpenChoreo v0.17 `internal/schema/extractor/schema.go` (`ExtractSchema`) and
 * `internal/schema/definition.go` (`ToJSONSchema`), with two differences:
 * problems are collected per field instead of stopping at the first.
 * `shorthandToOpenAPIV3` gives the schema in OpenChoreo's own form (K8s: `minimum: 0,
 * exclusiveMinimum: true`), `shorthandToJsonSchema` the draft-07 form that ajv and RJSF read.
 */
import { FieldError, JSONSchema } from './types';
import { toDraft07 } from './openapi';
import { setOwn } from './ownProperty';
import { applyConstraints } from './shorthandConstraints';
import {
  clone,
  describeDefaultErrors,
  goTypeName,
  isPlainObject,
  joinPath,
  parseValueForType,
  ShorthandProblem,
} from './shorthandValues';

/** @public */
export interface ShorthandOptions {
  /** Skip checking defaults against their own constraints (OpenChoreo's `SkipDefaultValidation`). */
  skipDefaultValidation?: boolean;
}

/** @public */
export interface ShorthandResult {
  /** Object schema; fields with problems are left out. */
  schema: JSONSchema;
  errors: FieldError[];
}

const OBJECT_NOT_ALLOWED =
  "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties";

class Converter {
  readonly errors: FieldError[] = [];
  private readonly typeCache = new Map<string, JSONSchema>();
  private readonly typeStack = new Set<string>();

  constructor(
    private readonly types: Record<string, unknown>,
    private readonly options: ShorthandOptions,
  ) {}

  /** A map of fields → object schema; each field's problems are recorded under its path. */
  buildObject(fields: Record<string, unknown>, path: string): JSONSchema {
    const properties: Record<string, JSONSchema> = {};
    const required: string[] = [];
    for (const [name, field] of Object.entries(fields)) {
      if (name === '$default') continue;
      const fieldPath = joinPath(path, name);
      let schema: JSONSchema;
      try {
        schema = this.buildField(field, fieldPath);
      } catch (e) {
        if (!(e instanceof ShorthandProblem)) throw e;
        this.errors.push({ path: fieldPath, message: e.message });
        continue;
      }
      setOwn(properties, name, schema);
      if (!('default' in schema)) required.push(name);
    }
    const result: JSONSchema = { type: 'object', properties };
    if (required.length > 0) result.required = required.sort();
    if (Object.prototype.hasOwnProperty.call(fields, '$default')) {
      try {
        this.applyObjectDefault(result, fields.$default);
      } catch (e) {
        if (!(e instanceof ShorthandProblem)) throw e;
        this.errors.push({ path, message: `invalid $default: ${e.message}` });
      }
    }
    return result;
  }

  private applyObjectDefault(schema: JSONSchema, raw: unknown) {
    let value: Record<string, unknown>;
    if (isPlainObject(raw)) {
      value = raw;
    } else if (typeof raw === 'string') {
      let parsed: unknown;
      try {
        parsed = parseValueForType(raw, 'object');
      } catch (e) {
        throw new ShorthandProblem(
          `value is not a valid object: ${(e as Error).message}`,
        );
      }
      if (!isPlainObject(parsed)) {
        throw new ShorthandProblem(
          `value must be an object, got ${goTypeName(parsed)}`,
        );
      }
      value = parsed;
    } else {
      throw new ShorthandProblem(
        `value must be an object or JSON string, got ${goTypeName(raw)}`,
      );
    }
    schema.default = clone(value);
    if (!this.options.skipDefaultValidation) {
      const problems = describeDefaultErrors(schema, schema.default);
      if (problems)
        throw new ShorthandProblem(
          `default value does not satisfy schema: ${problems}`,
        );
    }
  }

  private buildField(raw: unknown, path: string): JSONSchema {
    if (typeof raw === 'string') return this.fromString(raw, path);
    if (isPlainObject(raw)) return this.buildObject(raw, path);
    throw new ShorthandProblem(
      `unsupported field definition of type ${goTypeName(raw)}`,
    );
  }

  /** `type | constraints`, split at the first `|`. */
  private fromString(text: string, path: string): JSONSchema {
    const expr = text.trim();
    if (expr === '') throw new ShorthandProblem('empty schema expression');
    const pipe = expr.indexOf('|');
    const typeExpr = pipe === -1 ? expr : expr.slice(0, pipe).trim();
    const constraintExpr = pipe === -1 ? '' : expr.slice(pipe + 1).trim();
    const schema = this.fromType(typeExpr, path);
    applyConstraints(schema, constraintExpr, this.options);
    return schema;
  }

  private fromType(typeExpr: string, path: string): JSONSchema {
    switch (typeExpr) {
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return { type: typeExpr };
      case 'object':
        throw new ShorthandProblem(OBJECT_NOT_ALLOWED);
      default:
    }
    if (typeExpr.startsWith('[]')) {
      return {
        type: 'array',
        items: this.fromType(typeExpr.slice(2).trim(), path),
      };
    }
    if (typeExpr.startsWith('array<') && typeExpr.endsWith('>')) {
      return {
        type: 'array',
        items: this.fromType(typeExpr.slice(6, -1).trim(), path),
      };
    }
    if (typeExpr.startsWith('map<') && typeExpr.endsWith('>')) {
      return {
        type: 'object',
        additionalProperties: this.fromType(typeExpr.slice(4, -1).trim(), path),
      };
    }
    if (typeExpr.startsWith('map[')) {
      const closing = typeExpr.indexOf(']');
      if (closing === -1)
        throw new ShorthandProblem(`invalid map type expression "${typeExpr}"`);
      const keyType = typeExpr.slice(4, closing).trim();
      if (keyType !== 'string') {
        throw new ShorthandProblem(
          `map key type must be 'string', got "${keyType}" in "${typeExpr}"`,
        );
      }
      return {
        type: 'object',
        additionalProperties: this.fromType(
          typeExpr.slice(closing + 1).trim(),
          path,
        ),
      };
    }
    return this.fromCustomType(typeExpr, path);
  }

  /** Inlines a `types` entry (string alias or map), rejecting cycles; built types are cached. */
  private fromCustomType(name: string, path: string): JSONSchema {
    const cached = this.typeCache.get(name);
    if (cached) return clone(cached);
    if (this.typeStack.has(name)) {
      throw new ShorthandProblem(
        `detected cyclic type reference involving "${name}"`,
      );
    }
    if (!Object.prototype.hasOwnProperty.call(this.types, name)) {
      throw new ShorthandProblem(`unknown type "${name}"`);
    }
    const raw = this.types[name];
    const errorsBefore = this.errors.length;
    this.typeStack.add(name);
    let built: JSONSchema;
    try {
      if (typeof raw === 'string') {
        built = this.fromString(raw, path);
      } else if (isPlainObject(raw)) {
        built = this.buildObject(raw, path);
      } else {
        throw new ShorthandProblem(
          `unsupported custom type definition for "${name}" (type ${goTypeName(
            raw,
          )})`,
        );
      }
    } finally {
      this.typeStack.delete(name);
    }
    // A type whose own fields had problems is rebuilt (and reported) at every use.
    if (this.errors.length === errorsBefore) this.typeCache.set(name, built);
    return clone(built);
  }
}

/**
 * Converts shorthand `parameters` (+ `types`) into one self-contained object schema in
 * OpenChoreo's own form (`internal/schema/extractor`): custom types inlined, a field required
 * exactly when it has no default, defaults validated, `exclusiveMinimum: true` beside `minimum`.
 * Properties keep declaration order; `required` is sorted.
 *
 * @public
 */
export function shorthandToOpenAPIV3(
  parameters: unknown,
  types?: unknown,
  options: ShorthandOptions = {},
): ShorthandResult {
  const errors: FieldError[] = [];
  if (types !== undefined && types !== null && !isPlainObject(types)) {
    errors.push({
      path: '',
      message: `schema types must be a map, got ${goTypeName(types)}`,
    });
  }
  if (parameters === undefined || parameters === null) {
    return { schema: { type: 'object', properties: {} }, errors };
  }
  if (!isPlainObject(parameters)) {
    errors.push({
      path: '',
      message: `schema parameters must be a map, got ${goTypeName(parameters)}`,
    });
    return { schema: { type: 'object', properties: {} }, errors };
  }
  const converter = new Converter(isPlainObject(types) ? types : {}, options);
  const schema = converter.buildObject(parameters, '');
  return { schema, errors: [...errors, ...converter.errors] };
}

/**
 * `shorthandToOpenAPIV3` in the draft-07 form ajv and RJSF read (numeric exclusive bounds).
 *
 * @public
 */
export function shorthandToJsonSchema(
  parameters: unknown,
  types?: unknown,
  options: ShorthandOptions = {},
): ShorthandResult {
  const { schema, errors } = shorthandToOpenAPIV3(parameters, types, options);
  return { schema: toDraft07(schema), errors };
}
