import {
  createPermission,
  Permission,
  PermissionAttributes,
} from '@backstage/plugin-permission-common';

/** Resource type of a Workflow or ClusterWorkflow, for conditional decisions. @public */
export const OPENCHOREO_WORKFLOW_RESOURCE_TYPE = 'openchoreo-workflow';

/** Resource type of a WorkflowRun, for conditional decisions. @public */
export const OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE = 'openchoreo-workflow-run';

/** A permission on resources of `resourceType`. */
const permission = <T extends string>(
  resourceType: T,
  name: string,
  action: PermissionAttributes['action'],
) => createPermission({ name, attributes: { action }, resourceType });

/** See workflows in the workflow list and read their schemas. @public */
export const workflowReadPermission = permission(
  OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
  'openchoreo.workflow.read',
  'read',
);

/** Launch a run of a workflow (also covers re-runs). @public */
export const workflowLaunchPermission = permission(
  OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
  'openchoreo.workflow.launch',
  'create',
);

/** Read runs, their status and their logs. @public */
export const workflowRunReadPermission = permission(
  OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
  'openchoreo.workflowrun.read',
  'read',
);

/** Stop (delete) a run. @public */
export const workflowRunDeletePermission = permission(
  OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
  'openchoreo.workflowrun.delete',
  'delete',
);

/**
 * Edit, pause or delete any schedule, not only one's own (a basic
 * permission: schedule administrators).
 *
 * @public
 */
export const scheduleAdminPermission = createPermission({
  name: 'openchoreo.schedule.admin',
  attributes: { action: 'update' },
});

/** Every permission of the plugin. @public */
export const openchoreoWorkflowsPermissions: Permission[] = [
  workflowReadPermission,
  workflowLaunchPermission,
  workflowRunReadPermission,
  workflowRunDeletePermission,
  scheduleAdminPermission,
];
