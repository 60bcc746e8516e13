export * from './types';
export {
  detectGeneration,
  workflowPlaneNamespace,
  runWorkflowKind,
} from './generation';
export {
  deriveRunStatus,
  isTerminalPhase,
  CONDITION_COMPLETED,
  CONDITION_FAILED,
  CONDITION_RUNNING,
  CONDITION_SUCCEEDED,
} from './runStatus';
export { orderedTasks, taskIndex } from './tasks';
export {
  compareResourceVersions,
  resourceVersionNumber,
} from './resourceVersion';
export {
  displayNameOf,
  descriptionOf,
  workflowTypeOf,
  isGenericWorkflow,
  isComponentRun,
} from './display';
export { parseTtl } from './ttl';
export {
  OPENCHOREO_WORKFLOW_ANNOTATION,
  OPENCHOREO_CLUSTER_ANNOTATION,
  workflowAnnotationValue,
  parseWorkflowAnnotation,
} from './annotations';
