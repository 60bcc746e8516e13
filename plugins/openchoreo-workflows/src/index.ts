/**
 * Frontend plugin for OpenChoreo Generic Workflows: a list of workflows,
 * launch forms with preview, run history and live run pages.
 *
 * @packageDocumentation
 */
export {
  openchoreoWorkflowsPlugin,
  OpenChoreoWorkflowsPage,
  EntityOpenChoreoWorkflowRunsContent,
  EntityOpenChoreoWorkflowLaunchContent,
  EntityOpenChoreoWorkflowRunsCard,
} from './plugin';
export {
  openchoreoWorkflowsApiRef,
  OpenChoreoWorkflowsClient,
  getFieldErrors,
  type OpenChoreoWorkflowsApi,
  type ClusterOptions,
  type ListRunsQuery,
  type ListSchedulesQuery,
  type ListWorkflowsQuery,
  type RunLogsOptions,
  type RunLogStreamOptions,
  type RunRef,
  type RunStreamOptions,
  type StepEventsOptions,
  type StreamOptions,
  type StreamInterruption,
  type RunPhase,
  type RunTask,
  type FieldError,
  type WorkflowKind,
} from './api';
export {
  isOpenChoreoWorkflowsAvailable,
  parseWorkflowAnnotation,
  workflowRefOfEntity,
  OPENCHOREO_WORKFLOW_ANNOTATION,
} from './components/EntityWorkflowRuns/annotation';
export {
  rootRouteRef as openchoreoWorkflowsRouteRef,
  workflowRouteRef as openchoreoWorkflowRouteRef,
  runRouteRef as openchoreoWorkflowRunRouteRef,
  runsRouteRef as openchoreoWorkflowRunsRouteRef,
  compareRouteRef as openchoreoWorkflowsCompareRouteRef,
} from './routes';
export { CLUSTER_SCOPE_SEGMENT } from './components/shared/links';
export * from './scaffolder';
