import { detectGeneration } from '../model/generation';
import { WorkflowResource } from '../model/types';
import { applyDefaults } from './defaults';
import { resolveOpenAPIV3, toDraft07 } from './openapi';
import { shorthandToOpenAPIV3, ShorthandOptions } from './shorthand';
import { FieldError, ParameterSchema } from './types';
import { buildUiSchema } from './uiSchema';
import { validateParameters } from './validate';

/**
 * The parameter form of a workflow of either generation: the schema as OpenChoreo resolves it
 * (v0 shorthand converted by its extractor's rules, v1 `$ref`s inlined), the same as a
 * draft-07 JSON Schema for ajv and RJSF, its uiSchema, and problems of the schema.
 * A workflow without parameters gets `{type: object, properties: {}}`.
 *
 * @public
 */
export function buildParameterSchema(
  workflow: WorkflowResource,
  options: ShorthandOptions = {},
): ParameterSchema {
  const generation = detectGeneration(workflow);
  const spec = workflow?.spec ?? ({} as WorkflowResource['spec']);
  const { schema, errors } =
    generation === 'v0'
      ? shorthandToOpenAPIV3(
          spec.schema?.parameters,
          spec.schema?.types,
          options,
        )
      : resolveOpenAPIV3(spec.parameters?.openAPIV3Schema);
  const jsonSchema = toDraft07(schema);
  return {
    generation,
    openAPIV3Schema: schema,
    jsonSchema,
    uiSchema: buildUiSchema(jsonSchema),
    errors,
  };
}

/**
 * Build + default + validate, as a submit would need it. `parameters` comes back defaulted.
 * `errors` lists the workflow schema's own problems (message prefixed with
 * "invalid workflow schema: ") followed by the parameter validation errors.
 *
 * @public
 */
export function prepareParameters(
  workflow: WorkflowResource,
  parameters: unknown,
): {
  schema: ParameterSchema;
  parameters: Record<string, unknown>;
  errors: FieldError[];
} {
  const schema = buildParameterSchema(workflow);
  const defaulted = applyDefaults(schema.jsonSchema, parameters);
  const errors: FieldError[] = [
    ...schema.errors.map(e => ({
      path: e.path,
      message: `invalid workflow schema: ${e.message}`,
    })),
    ...validateParameters(schema.jsonSchema, defaulted),
  ];
  return { schema, parameters: defaulted, errors };
}
