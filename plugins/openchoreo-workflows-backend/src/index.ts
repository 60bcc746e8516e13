/**
 * Backend plugin for OpenChoreo Generic Workflows: watch-cached discovery,
 * validated launches, run status, logs and a live stream.
 *
 * @packageDocumentation
 */
export { openchoreoWorkflowsPlugin as default } from './plugin';
export {
  runConditions,
  runRules,
  workflowConditions,
  workflowRules,
} from './permissions/rules';
export type {
  RunPermissionResource,
  WorkflowPermissionResource,
} from './permissions/rules';

export type { PermissionQuery } from './permissions/rules';
