import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/** Resource type of a Workflow or ClusterWorkflow, for conditional decisions. @public */
export const OPENCHOREO_WORKFLOW_RESOURCE_TYPE = 'openchoreo-workflow';

/** Resource type of a WorkflowRun, for conditional decisions. @public */
export const OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE = 'openchoreo-workflow-run';

/** See workflows in the catalogue and read their schemas. @public */
export const workflowReadPermission = createPermission({
  name: 'openchoreo.workflow.read',
  attributes: { action: 'read' },
  resourceType: OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
});

/** Launch a run of a workflow (also covers re-runs). @public */
export const workflowLaunchPermission = createPermission({
  name: 'openchoreo.workflow.launch',
  attributes: { action: 'create' },
  resourceType: OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
});

/** Read runs, their status and their logs. @public */
export const workflowRunReadPermission = createPermission({
  name: 'openchoreo.workflowrun.read',
  attributes: { action: 'read' },
  resourceType: OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
});

/** Stop (delete) a run. @public */
export const workflowRunDeletePermission = createPermission({
  name: 'openchoreo.workflowrun.delete',
  attributes: { action: 'delete' },
  resourceType: OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
});

/** Every permission of the plugin. @public */
/**
 * Edit, pause or delete any schedule, not only one's own (a basic
 * permission: schedule administrators).
 */
export const scheduleAdminPermission = createPermission({
  name: 'openchoreo.schedule.admin',
  attributes: { action: 'update' },
});

export const openchoreoWorkflowsPermissions: Permission[] = [
  workflowReadPermission,
  workflowLaunchPermission,
  workflowRunReadPermission,
  workflowRunDeletePermission,
  scheduleAdminPermission,
];
