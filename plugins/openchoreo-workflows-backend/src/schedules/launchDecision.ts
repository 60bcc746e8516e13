import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
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
  workflowRules,
} from '../permissions/rules';
import { WorkflowOwners } from '../permissions/WorkflowOwners';
import { workflowPermissionResource } from '../service/routes/access';
import type { ScheduleRow } from './ScheduleStore';
import type { OwnerCheck } from './ScheduleTicker';

/** The owner's launch decision as a schedule keeps it (its columns). */
export interface StoredLaunchDecision {
  launch_decision: 'ALLOW' | 'DENY' | 'CONDITIONAL';
  launch_conditions: string | null;
  launch_decided_at: string;
}

/** Stored conditions larger than this are kept as a DENY (a policy's conditions are small). */
const MAX_CONDITIONS_JSON = 64 * 1024;

const PERMISSION = workflowLaunchPermission.name;

/**
 * The policy's decision on the caller's launch permission (the one the
 * launch route asks), unconditioned on any workflow, as a schedule stores it.
 */
export async function ownerLaunchDecision(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  now = new Date(),
): Promise<StoredLaunchDecision> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: workflowLaunchPermission }],
    { credentials },
  );
  const at = now.toISOString();
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    const conditions = JSON.stringify(decision.conditions);
    if (conditions.length <= MAX_CONDITIONS_JSON) {
      return {
        launch_decision: 'CONDITIONAL',
        launch_conditions: conditions,
        launch_decided_at: at,
      };
    }
  }
  return {
    launch_decision:
      decision.result === AuthorizeResult.ALLOW ? 'ALLOW' : 'DENY',
    launch_conditions: null,
    launch_decided_at: at,
  };
}

/** The schedule's workflow, as a denial names it. */
const workflowOf = (s: ScheduleRow) =>
  s.workflow_kind === 'ClusterWorkflow'
    ? `ClusterWorkflow ${s.workflow_name} into namespace ${s.namespace}`
    : `Workflow ${s.workflow_namespace}/${s.workflow_name}`;

/**
 * The tick's check of the stored decision: DENY (or none stored yet) denies;
 * CONDITIONAL is applied, with the workflow rules of the permissions registry
 * (the plugin's own and any a module added: what the routes and the
 * permission integration router apply), to the schedule's workflow as the
 * watch cache has it now, launching into the schedule's namespace.
 */
export function launchDecisionCheck(deps: {
  owners?: WorkflowOwners;
  permissionsRegistry: PermissionsRegistryService;
}): OwnerCheck {
  return async (schedule, cluster) => {
    const { launch_decision: result, launch_decided_at: at } = schedule;
    if (!result) {
      return `no decision on the owner's ${PERMISSION} permission is stored yet (it is taken at the owner's next request)`;
    }
    if (result === 'ALLOW') return undefined;
    if (result !== 'CONDITIONAL' || !schedule.launch_conditions) {
      return `the owner's ${PERMISSION} permission was denied (decided at ${at})`;
    }
    // The owner is looked up (in the catalog) only when a rule needs it.
    const byOwner = schedule.launch_conditions.includes(
      JSON.stringify(workflowRules.isEntityOwner.name),
    );
    const resource = await currentResource(
      schedule,
      cluster,
      byOwner ? deps.owners : undefined,
    );
    if (!resource) {
      return `the workflow of the schedule is no longer in cluster ${cluster.name}`;
    }
    const decision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'openchoreo-workflows',
      resourceType: workflowLaunchPermission.resourceType,
      conditions: JSON.parse(schedule.launch_conditions),
    } as PolicyDecision;
    const authorize = createConditionAuthorizer(
      deps.permissionsRegistry.getPermissionRuleset(workflowResourceRef),
    );
    return authorize(decision, resource)
      ? undefined
      : `the owner's ${PERMISSION} permission (conditional, decided at ${at}) does not allow ${workflowOf(
          schedule,
        )} as it is now`;
  };
}

/** The schedule's workflow as permission rules see it now, with where its runs go and its owner. */
async function currentResource(
  schedule: ScheduleRow,
  cluster: ClusterState,
  owners: WorkflowOwners | undefined,
): Promise<WorkflowPermissionResource | undefined> {
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
    ...workflowPermissionResource(cluster.name, workflow),
    runNamespace: schedule.namespace,
    ...(owner ? { owner } : {}),
  };
}

/** The checks in order: the first denial, else undefined. */
export function allChecks(...checks: OwnerCheck[]): OwnerCheck {
  return async (schedule, cluster) => {
    for (const check of checks) {
      const denied = await check(schedule, cluster);
      if (denied) return denied;
    }
    return undefined;
  };
}
