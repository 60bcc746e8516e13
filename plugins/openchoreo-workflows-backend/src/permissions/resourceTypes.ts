import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  openchoreoWorkflowsPermissions,
  scheduleAdminPermission,
  WorkflowKind,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterRegistry } from '../service/ClusterRegistry';
import { RunQueries } from '../service/RunQueries';
import {
  runPermissionResource,
  workflowPermissionResource,
} from '../service/routes/access';
import {
  runResourceRef,
  runRules,
  workflowResourceRef,
  workflowRules,
} from './rules';
import { WorkflowOwners } from './WorkflowOwners';

/** The plugin's permissions of one resource type. */
const permissionsOf = (resourceType: string) =>
  openchoreoWorkflowsPermissions.filter(
    p => 'resourceType' in p && p.resourceType === resourceType,
  );

/**
 * Registers the workflow and run resource types with their rules, and how the
 * permission framework loads a resource from its ref.
 */
export function registerPermissionResourceTypes(
  permissionsRegistry: PermissionsRegistryService,
  clusters: ClusterRegistry,
  owners: WorkflowOwners,
  runs: RunQueries,
) {
  permissionsRegistry.addPermissions([scheduleAdminPermission]);
  permissionsRegistry.addResourceType({
    resourceRef: workflowResourceRef,
    permissions: permissionsOf(workflowResourceRef.resourceType),
    rules: Object.values(workflowRules),
    getResources: async refs =>
      Promise.all(
        refs.map(async ref => {
          // ref: <cluster>:<kind>:<namespace>/<name>
          const m = /^([^:]+):(Workflow|ClusterWorkflow):([^/]*)\/(.+)$/.exec(
            ref,
          );
          if (!m) return undefined;
          const cluster = clusters.all().find(c => c.name === m[1]);
          const w = cluster?.getWorkflow(m[2], m[3] || undefined, m[4]);
          if (!w || !cluster) return undefined;
          const workflow = { ...w, kind: m[2] as WorkflowKind };
          return {
            ...workflowPermissionResource(cluster.name, workflow),
            owner: await owners.ownerOf(cluster.name, workflow),
          };
        }),
      ),
  });
  permissionsRegistry.addResourceType({
    resourceRef: runResourceRef,
    permissions: permissionsOf(runResourceRef.resourceType),
    rules: Object.values(runRules),
    getResources: async refs =>
      Promise.all(
        refs.map(async ref => {
          const m = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
          const cluster = m && clusters.all().find(c => c.name === m[1]);
          if (!m || !cluster) return undefined;
          const run = await runs
            .get(cluster, m[2], m[3])
            .catch(() => undefined);
          return run ? runPermissionResource(run) : undefined;
        }),
      ),
  });
}
