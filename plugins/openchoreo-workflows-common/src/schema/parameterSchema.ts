import { detectGeneration } from '../model/generation';
import { WorkflowResource } from '../model/types';
import { applyDefaults } from './defaults';
import { openAPIV3ToJsonSchema } from './openapi';
import { shorthandToJsonSchema, ShorthandOptions } from './shorthand';
import { FieldError, ParameterSchema } from './types';
import { buildUiSchema } from './uiSchema';
import { validateParameters } from './validate';

/**
 * The parameter form of a workflow of either generation: a self-contained JSON Schema
 * (v0 shorthand converted, v1 `$ref`s inlined), its uiSchema, and problems of the schema.
 * A workflow without parameters gets `{type: object, properties: {}}`.
 */
export function buildParameterSchema(
  workflow: WorkflowResource,
  options: ShorthandOptions = {},
): ParameterSchema {
  const generation = detectGeneration(workflow);
  const spec = workflow?.spec ?? ({} as WorkflowResource['spec']);
  const { schema, errors } =
    generation === 'v0'
      ? shorthandToJsonSchema(
          spec.schema?.parameters,
          spec.schema?.types,
          options,
        )
      : openAPIV3ToJsonSchema(spec.parameters?.openAPIV3Schema);
  return {
    generation,
    jsonSchema: schema,
    uiSchema: buildUiSchema(schema),
    errors,
  };
}

/**
 * Build + default + validate, as a submit would need it. `parameters` comes back defaulted.
 * `errors` lists the workflow schema's own problems (message prefixed with
 * "invalid workflow schema: ") followed by the parameter validation errors.
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
