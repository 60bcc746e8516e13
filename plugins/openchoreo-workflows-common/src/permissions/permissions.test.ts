import {
  isResourcePermission,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  openchoreoWorkflowsPermissions,
  OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
  OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
  workflowLaunchPermission,
  workflowRunDeletePermission,
} from './permissions';

describe('permissions', () => {
  it('have unique names within the plugin namespace', () => {
    const names = openchoreoWorkflowsPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^openchoreo\./);
  });

  it('are resource permissions so policies can decide per workflow or run', () => {
    expect(
      isResourcePermission(
        workflowLaunchPermission,
        OPENCHOREO_WORKFLOW_RESOURCE_TYPE,
      ),
    ).toBe(true);
    expect(
      isResourcePermission(
        workflowRunDeletePermission,
        OPENCHOREO_WORKFLOW_RUN_RESOURCE_TYPE,
      ),
    ).toBe(true);
    expect(
      isPermission(workflowLaunchPermission, workflowRunDeletePermission),
    ).toBe(false);
  });
});
