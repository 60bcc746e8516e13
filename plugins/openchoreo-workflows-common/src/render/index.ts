/**
 * Rendering of Workflow templates the way OpenChoreo's controller does it:
 * the `${...}` scanner, CEL evaluation (with the `oc_*` functions) and the
 * post-processing of the rendered objects.
 */
export { RenderError, cannotRenderMessage } from './errors';
export type { CelMatch } from './scanner';
export { findExpressions, NestedExpressionError } from './scanner';
export type {
  RenderContext,
  RenderResult,
  RenderedResource,
  ExternalRefTarget,
} from './renderWorkflow';
export {
  renderWorkflowRun,
  resolveExternalRefTargets,
  buildTemplateVariables,
} from './renderWorkflow';
export type { CelVariables, RenderScope, RenderWarning } from './template';
export { renderTemplateValue, renderString, renderScope } from './template';
export {
  celParameters,
  defaultToCel,
  runParametersToCel,
} from './celParameters';
export { evaluateCel, observeCelEvaluations } from './cel';
export { goReplace, MAX_STRING_LENGTH, StringSizeError } from './goStrings';
export { toCel, OMIT, isOmit } from './values';
export { celToGo, toJsonData, CEL_NULL } from './goTree';
export { ocDnsLabel, ocGenerateName, ocHash, ocMerge } from './ocFunctions';
export {
  LABEL_MANAGED_BY,
  LABEL_WORKFLOWRUN,
  LABEL_WORKFLOWRUN_NAMESPACE,
  WORKFLOW_SERVICE_ACCOUNT,
} from './postprocess';
