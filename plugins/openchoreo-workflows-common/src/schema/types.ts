import { ApiGeneration } from '../model/types';

/**
 * A JSON Schema (draft-07 flavoured, as RJSF 5 and ajv 8 read it). Vendor keys (`x-*`) and
 * OpenAPI extras (`example`, `nullable`) may appear.
 */
export interface JSONSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema | JSONSchema[];
  additionalProperties?: boolean | JSONSchema;
  [keyword: string]: unknown;
}

/** A problem located at a dotted path (`repository.revision.branch`, `items[0].name`; '' = root). */
export interface FieldError {
  path: string;
  message: string;
}

export interface ParameterSchema {
  generation: ApiGeneration;
  /** Self-contained (no `$ref`/`$defs`); may be partial when `errors` is non-empty. */
  jsonSchema: JSONSchema;
  uiSchema: Record<string, unknown>;
  /** Problems of the workflow's schema itself. */
  errors: FieldError[];
}
