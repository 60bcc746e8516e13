import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  WorkflowKind,
  workflowLaunchPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import {
  WorkflowPermissionResource,
  workflowResourceRef,
} from '../permissions/rules';
import { WorkflowOwners } from '../permissions/WorkflowOwners';
import { workflowPermissionResource } from '../service/routes/access';
import { launchNamespace } from '../service/WorkflowService';
import { KeptDecision, keptDecision, TICK_PERMISSIONS } from './ownerDecisions';
import type { ScheduleRow } from './ScheduleStore';
import type { OwnerCheck } from './ScheduleTicker';

/** The schedule's workflow, as a denial names it. */
const workflowOf = (s: ScheduleRow) =>
  s.workflow_kind === 'ClusterWorkflow'
    ? `ClusterWorkflow ${s.workflow_name} into namespace ${s.namespace}`
    : `Workflow ${s.workflow_namespace}/${s.workflow_name}`;

/**
 * The tick's check of the owner's kept decisions, in the order every launch
 * route checks them (workflowCheck in access.ts): `openchoreo.workflow.read`,
 * then `openchoreo.workflow.launch`. For each: none kept (a schedule older
 * than its columns) or DENY denies, naming the permission; CONDITIONAL is
 * applied, with the workflow rules of the permissions registry (the plugin's
 * own and any a module added: what the routes and the permission integration
 * router apply), to the schedule's workflow as the watch cache has it now,
 * the launch decision with the run's namespace as the launch route sees it.
 */
export function launchDecisionCheck(deps: {
  owners?: WorkflowOwners;
  permissionsRegistry: PermissionsRegistryService;
}): OwnerCheck {
  return async (schedule, cluster) => {
    const decisions = TICK_PERMISSIONS.map(p => ({
      ...p,
      kept: keptDecision(schedule, p.column),
    }));
    // The workflow as rules see it, built once and only if a decision is conditional.
    let current: Promise<CurrentWorkflow | undefined> | undefined;
    for (const { permission, kept: decision } of decisions) {
      if (!decision) {
        return `no decision on the owner's ${permission.name} permission is stored yet: it is taken at the owner's next schedule request (e.g. opening the Schedules tab)`;
      }
      if (decision.result === 'ALLOW') continue;
      if (decision.result !== 'CONDITIONAL' || !decision.conditions) {
        return `the owner's ${permission.name} permission was denied (decided at ${decision.decidedAt})`;
      }
      // With its owner, as workflowCheck does for any conditional decision:
      // a rule of another module may read it too.
      current ??= currentWorkflow(schedule, cluster, deps.owners);
      const workflow = await current;
      if (!workflow) {
        return `the workflow of the schedule is no longer in cluster ${cluster.name}`;
      }
      // As workflowCheck: the run's namespace in the launch decision only.
      const resource =
        permission === workflowLaunchPermission
          ? { ...workflow.resource, runNamespace: workflow.runNamespace }
          : workflow.resource;
      if (!applies(deps.permissionsRegistry, permission, decision, resource)) {
        return `the owner's ${
          permission.name
        } permission (conditional, decided at ${
          decision.decidedAt
        }) does not allow ${workflowOf(schedule)} as it is now`;
      }
    }
    return undefined;
  };
}

/** Whether a kept CONDITIONAL decision allows `resource`, by the registry's workflow rules. */
function applies(
  registry: PermissionsRegistryService,
  permission: ResourcePermission,
  kept: KeptDecision,
  resource: WorkflowPermissionResource,
): boolean {
  const decision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'openchoreo-workflows',
    resourceType: permission.resourceType,
    conditions: JSON.parse(kept.conditions!),
  } as PolicyDecision;
  const authorize = createConditionAuthorizer(
    registry.getPermissionRuleset(workflowResourceRef),
  );
  return authorize(decision, resource);
}

/** The schedule's workflow as permission rules see it now, and where its run goes. */
interface CurrentWorkflow {
  resource: WorkflowPermissionResource;
  runNamespace: string | undefined;
}

/**
 * The schedule's workflow as the launch routes build it for their decisions
 * (workflowCheck: workflowPermissionResource, with the catalog owner when a
 * conditional decision needs it; the run's namespace by launchNamespace).
 */
async function currentWorkflow(
  schedule: ScheduleRow,
  cluster: ClusterState,
  owners: WorkflowOwners | undefined,
): Promise<CurrentWorkflow | undefined> {
  const kind = schedule.workflow_kind as WorkflowKind;
  const found = cluster.getWorkflow(
    kind,
    schedule.workflow_namespace ?? undefined,
    schedule.workflow_name,
  );
  if (!found) return undefined;
  const workflow = { ...found, kind };
  const owner = owners
    ? await owners.ownerOf(cluster.name, workflow)
    : undefined;
  return {
    resource: {
      ...workflowPermissionResource(cluster.name, workflow),
      ...(owner ? { owner } : {}),
    },
    runNamespace: launchNamespace(workflow, schedule.namespace),
  };
}

/** The checks in order: the first denial, else undefined. */
export function allChecks(...checks: OwnerCheck[]): OwnerCheck {
  return async (schedule, cluster, now) => {
    for (const check of checks) {
      const denied = await check(schedule, cluster, now);
      if (denied) return denied;
    }
    return undefined;
  };
}
