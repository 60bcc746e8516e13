export type { JSONSchema, FieldError, ParameterSchema } from './types';
export { buildParameterSchema, prepareParameters } from './parameterSchema';
export { applyDefaults } from './defaults';
export { formDefaults } from './formDefaults';
export { launchParameters, pruneDefaults } from './launchParameters';
export {
  validateParameters,
  formatAjvErrors,
  formatFieldError,
} from './validate';
export { shorthandToJsonSchema, shorthandToOpenAPIV3 } from './shorthand';
export type { ShorthandOptions, ShorthandResult } from './shorthand';
export {
  resolveRefs,
  resolveOpenAPIV3,
  toDraft07,
  openAPIV3ToJsonSchema,
} from './openapi';
export { buildUiSchema, humanizeKey, PORTAL_HINTS_KEY } from './uiSchema';
