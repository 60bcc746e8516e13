/**
 * Test utilities of the OpenChoreo Workflows plugins' shared rules: builders
 * of Workflows, and fast-check arbitraries of shorthand and openAPIV3
 * parameter schemas for property tests and fuzzers in any package. Import from
 * `@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils`, never
 * from production code.
 *
 * @packageDocumentation
 */
export {
  fieldName,
  openApiNodeOf,
  shorthandFields,
  shorthandString,
} from './schemaArbitraries';
export { argoArguments, argoRunTemplate, v1Workflow } from './workflows';
