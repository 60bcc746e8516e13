/**
 * Scaffolder actions that launch OpenChoreo workflow runs and wait for them.
 *
 * @packageDocumentation
 */
export { scaffolderModuleOpenChoreoWorkflows as default } from './module';
export { createRunWorkflowAction } from './actions/runWorkflow';
export type { RunWorkflowActionOptions } from './actions/runWorkflow';
export { WorkflowsBackendClient } from './actions/WorkflowsBackendClient';
export type {
  LogWindowOf,
  RunCall,
  WorkflowsBackend,
} from './actions/WorkflowsBackendClient';
export { createScheduleWorkflowAction } from './actions/scheduleWorkflow';
export type { ScheduleWorkflowActionOptions } from './actions/scheduleWorkflow';
