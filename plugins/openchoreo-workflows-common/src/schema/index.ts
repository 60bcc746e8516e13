export type { JSONSchema, FieldError, ParameterSchema } from './types';
export { buildParameterSchema, prepareParameters } from './parameterSchema';
export { applyDefaults } from './defaults';
export { formDefaults } from './formDefaults';
export {
  validateParameters,
  formatAjvErrors,
  formatFieldError,
} from './validate';
export { shorthandToJsonSchema } from './shorthand';
export type { ShorthandOptions, ShorthandResult } from './shorthand';
export { resolveRefs, toDraft07, openAPIV3ToJsonSchema } from './openapi';
export { buildUiSchema, humanizeKey, PORTAL_HINTS_KEY } from './uiSchema';
