import { ApiGeneration } from '../model/types';

/**
 * A JSON Schema (draft-07 flavoured, as RJSF 5 and ajv 8 read it). Vendor keys (`x-*`) and
 * OpenAPI extras (`example`, `nullable`) may appear.
 *
 * @public
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

/**
 * A problem located at a dotted path (`repository.revision.branch`, `items[0].name`; '' = root).
 *
 * @public
 */
export interface FieldError {
  path: string;
  message: string;
}

/** @public */
export interface ParameterSchema {
  generation: ApiGeneration;
  /**
   * The schema as OpenChoreo resolves it (`SectionToRawJSONSchema` for v1.x, the shorthand
   * extractor for v0.x): self-contained, OpenAPI v3 / Kubernetes keywords (`exclusiveMinimum: true`
   * beside `minimum`, `nullable`); may be partial when `errors` is non-empty.
   */
  openAPIV3Schema: JSONSchema;
  /** `openAPIV3Schema` as draft-07 JSON Schema, as ajv and RJSF read it. */
  jsonSchema: JSONSchema;
  uiSchema: Record<string, unknown>;
  /** Problems of the workflow's schema itself. */
  errors: FieldError[];
}
