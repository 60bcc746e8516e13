import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { re2RegExp } from '../regex/re2';
import { FieldError, JSONSchema } from './types';

let sharedAjv: Ajv | undefined;

/**
 * One ajv for all schemas: draft-07, all errors, vendor keywords (`x-*`, `example`) tolerated,
 * `pattern` with RE2 semantics as Kubernetes validates it (linear time, Go syntax).
 */
function getAjv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({
      allErrors: true,
      strict: false,
      logger: false,
      code: { regExp: re2RegExp },
    });
    addFormats(sharedAjv);
  }
  return sharedAjv;
}

type Compiled = { validate?: ValidateFunction; error?: string };
const compiled = new WeakMap<object, Compiled>();

/**
 * Validators also by schema content: buildParameterSchema returns a new schema object per
 * call (and the shorthand checks each default against a new field schema), so the same
 * definitions would otherwise be compiled again on every conversion and launch.
 * Least recently used entries go first.
 */
const MAX_BY_CONTENT = 256;
const byContent = new Map<string, Compiled>();

function contentKey(schema: JSONSchema): string | undefined {
  try {
    return JSON.stringify(schema);
  } catch {
    return undefined;
  }
}

function compileNew(schema: JSONSchema): Compiled {
  const ajv = getAjv();
  try {
    return { validate: ajv.compile(schema) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    // ajv keeps its own strong cache keyed by schema object; ours is weak.
    ajv.removeSchema(schema);
  }
}

function compile(schema: JSONSchema): Compiled {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const key = contentKey(schema);
  let result = key === undefined ? undefined : byContent.get(key);
  if (result === undefined) result = compileNew(schema);
  if (key !== undefined) {
    byContent.delete(key);
    byContent.set(key, result);
    if (byContent.size > MAX_BY_CONTENT) {
      byContent.delete(byContent.keys().next().value!);
    }
  }
  compiled.set(schema, result);
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function appendKey(path: string, key: string): string {
  if (/^[^.[\]\s]+$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Turns ajv's `/a/0/b` into `a[0].b`, using the data to tell array indexes from map keys. */
function toDottedPath(
  instancePath: string,
  data: unknown,
): { path: string; value: unknown } {
  let path = '';
  let value: unknown = data;
  if (!instancePath) return { path, value };
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value) && /^\d+$/.test(key)) {
      path = `${path}[${key}]`;
      value = value[Number(key)];
    } else {
      path = appendKey(path, key);
      value = isPlainObject(value) ? value[key] : undefined;
    }
  }
  return { path, value };
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeMessage(type: unknown): string {
  const types = String(type).split(',');
  if (types.length === 1) return `must be ${ARTICLE[types[0]] ?? types[0]}`;
  return `must be of type ${types.join(' or ')}`;
}

/** A human message and the path it belongs to, or undefined for errors that only repeat others. */
function describe(error: ErrorObject, data: unknown): FieldError | undefined {
  const { path } = toDottedPath(error.instancePath, data);
  const p = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'required':
      return {
        path: appendKey(path, p.missingProperty),
        message: 'is required',
      };
    case 'dependencies':
    case 'dependentRequired':
      return {
        path: appendKey(path, p.missingProperty),
        message: `is required when "${p.property}" is set`,
      };
    case 'additionalProperties':
      return {
        path: appendKey(path, p.additionalProperty),
        message: 'is not allowed',
      };
    case 'if':
      return undefined; // the failing then/else branch is reported itself
    default:
      return {
        path,
        message:
          valueMessage(error.keyword, p) ??
          error.message ??
          `is invalid (${error.keyword})`,
      };
  }
}

/** The message of an error about the value itself (its type, size, form), by keyword. */
function valueMessage(
  keyword: string,
  p: Record<string, any>,
): string | undefined {
  switch (keyword) {
    case 'type':
      return typeMessage(p.type);
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[])
        .map(show)
        .join(', ')}`;
    case 'const':
      return `must be equal to ${show(p.allowedValue)}`;
    case 'minLength':
      return `must be at least ${plural(
        p.limit,
        'character',
        'characters',
      )} long`;
    case 'maxLength':
      return `must be at most ${plural(
        p.limit,
        'character',
        'characters',
      )} long`;
    case 'pattern':
      return `must match the pattern ${p.pattern}`;
    case 'format':
      return `must be a valid ${p.format}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = {
        '>=': 'at least',
        '<=': 'at most',
        '>': 'greater than',
        '<': 'less than',
      };
      return `must be ${words[p.comparison]} ${p.limit}`;
    }
    case 'multipleOf':
      return `must be a multiple of ${p.multipleOf}`;
    case 'minItems':
      return `must have at least ${plural(p.limit, 'item', 'items')}`;
    case 'maxItems':
      return `must have at most ${plural(p.limit, 'item', 'items')}`;
    case 'uniqueItems':
      return `must not contain duplicates (items ${p.j} and ${p.i} are identical)`;
    case 'minProperties':
      return `must have at least ${plural(p.limit, 'entry', 'entries')}`;
    case 'maxProperties':
      return `must have at most ${plural(p.limit, 'entry', 'entries')}`;
    case 'anyOf':
      return 'must match at least one of the allowed forms';
    case 'oneOf':
      return 'must match exactly one of the allowed forms';
    case 'not':
      return 'must not match the excluded form';
    default:
      return undefined;
  }
}

/**
 * ajv errors → `{path, message}` with readable messages, duplicates removed.
 *
 * @public
 */
export function formatAjvErrors(
  errors: ErrorObject[] | null | undefined,
  data: unknown,
): FieldError[] {
  const result: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const described = describe(error, data);
    if (!described) continue;
    const key = `${described.path}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(described);
  }
  return result;
}

/**
 * Validates parameters against a self-contained JSON Schema (from `buildParameterSchema`).
 * Returns [] when valid. `undefined`/`null` parameters are validated as `{}`.
 * Compiled validators are cached per schema object and by schema content.
 *
 * @public
 */
export function validateParameters(
  jsonSchema: JSONSchema,
  parameters: unknown,
): FieldError[] {
  const data = parameters ?? {};
  const { validate, error } = compile(jsonSchema);
  if (!validate)
    return [{ path: '', message: `the parameter schema is invalid: ${error}` }];
  if (validate(data)) return [];
  return formatAjvErrors(validate.errors, data);
}

/**
 * `path message` for one error ('' path → just the message).
 *
 * @public
 */
export function formatFieldError(error: FieldError): string {
  return error.path ? `${error.path} ${error.message}` : error.message;
}
