import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { workflowReadPermission } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import { ClusterState } from '../cluster/ClusterState';
import {
  WorkflowPermissionResource,
  workflowResourceRef,
} from '../permissions/rules';
import { WorkflowOwners } from '../permissions/WorkflowOwners';
import { workflowPermissionResource } from '../service/routes/access';

/** A condition on `ocw_schedules` rows, for a query's `where`. */
export type ScheduleCondition = (qb: Knex.QueryBuilder) => void;

const none: ScheduleCondition = qb => {
  qb.whereRaw('1 = 0');
};

/** Met by every row, explicitly (an empty where-group is dropped, not TRUE, once combined). */
const everything: ScheduleCondition = qb => {
  qb.whereRaw('1 = 1');
};

/** A schedule's workflow as `kind/namespace/name` (namespace empty for a ClusterWorkflow), in SQL. */
export const WORKFLOW_KEY =
  "workflow_kind || '/' || coalesce(workflow_namespace, '') || '/' || workflow_name";

/**
 * `expr` is one of `values`, bound as one parameter whatever their number (a
 * bind per value reaches SQLite's 32,766 and PostgreSQL's 65,535 parameters
 * at tens of thousands of matching workflows); never met for no values.
 */
export const whereOneOf =
  (expr: string, values: string[]): ScheduleCondition =>
  qb => {
    if (values.length === 0) qb.whereRaw('1 = 0');
    else if (qb.client.dialect === 'postgresql') {
      // node-postgres sends a JS array as one array parameter.
      qb.whereRaw(`${expr} = any(?::text[])`, [values]);
    } else {
      qb.whereRaw(`${expr} in (select value from json_each(?))`, [
        JSON.stringify(values),
      ]);
    }
  };

/** The condition of one rule: in SQL where the schedule's columns answer it, else by the cached workflows it matches. */
type RuleCondition = (condition: PermissionCondition) => ScheduleCondition;

function toCondition(
  criteria: PermissionCriteria<PermissionCondition>,
  rule: RuleCondition,
): ScheduleCondition {
  // Empty groups are explicit: Knex drops an empty where-group, which would
  // read an empty anyOf as true (and `not` of an empty allOf as true).
  if ('allOf' in criteria) {
    const parts = criteria.allOf.map(c => toCondition(c, rule));
    if (parts.length === 0) return everything;
    return qb => {
      qb.where(q => parts.forEach(p => q.andWhere(sub => p(sub))));
    };
  }
  if ('anyOf' in criteria) {
    const parts = criteria.anyOf.map(c => toCondition(c, rule));
    if (parts.length === 0) return none;
    return qb => {
      qb.where(q => parts.forEach(p => q.orWhere(sub => p(sub))));
    };
  }
  if ('not' in criteria) {
    const part = toCondition(criteria.not, rule);
    return qb => {
      qb.whereNot(sub => part(sub));
    };
  }
  return rule(criteria);
}

/**
 * Which schedules of a cluster a caller may read, as one SQL condition: a
 * schedule is read with its workflow's read permission, asked once. A
 * conditional decision becomes SQL: namespace and kind rules on the stored
 * workflow reference, the other rules (labels, owners) by the set of cached
 * workflows they match. A schedule whose workflow is gone is judged by its
 * kind, namespace and name alone, as runs are (see runWorkflowFilter).
 */
export async function scheduleReadCondition(
  deps: {
    permissions: PermissionsService;
    permissionsRegistry?: PermissionsRegistryService;
    owners?: WorkflowOwners;
  },
  credentials: BackstageCredentials,
  cluster: ClusterState,
): Promise<ScheduleCondition> {
  const [decision] = await deps.permissions.authorizeConditional(
    [{ permission: workflowReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return everything;
  if (
    decision.result !== AuthorizeResult.CONDITIONAL ||
    !deps.permissionsRegistry
  ) {
    return none;
  }
  const rules =
    deps.permissionsRegistry.getPermissionRuleset(workflowResourceRef);
  let cached: Promise<WorkflowPermissionResource[]> | undefined;
  const resources = () => {
    cached ??= cachedWorkflows(cluster, deps.owners);
    return cached;
  };
  const leaves: Array<Promise<void>> = [];
  const rule: RuleCondition = ({ rule: name, params = {} }) => {
    const p = params as Record<string, any>;
    switch (name) {
      case 'IS_IN_NAMESPACE':
        return whereOneOf("coalesce(workflow_namespace, '')", p.namespaces);
      case 'IS_CLUSTER_WORKFLOW':
        return qb => {
          qb.where('workflow_kind', 'ClusterWorkflow');
        };
      case 'LAUNCHES_INTO_NAMESPACE':
        // Never met in a read decision (no run namespace).
        return none;
      default: {
        const matching: string[] = [];
        const applied = rules.getRuleByName(name);
        leaves.push(
          resources().then(all => {
            for (const w of all) {
              if (applied.apply(w, p)) {
                matching.push(`${w.kind}/${w.namespace}/${w.name}`);
              }
            }
          }),
        );
        return qb => whereOneOf(WORKFLOW_KEY, matching)(qb);
      }
    }
  };
  const condition = toCondition(decision.conditions, rule);
  await Promise.all(leaves);
  return condition;
}

/** The cluster's cached workflows as permission rules see them, with their owners when known. */
async function cachedWorkflows(
  cluster: ClusterState,
  owners: WorkflowOwners | undefined,
): Promise<WorkflowPermissionResource[]> {
  const list = cluster.listWorkflows();
  const owned = owners ? await owners.ownersOf(cluster.name, list) : [];
  return list.map((w, i) => ({
    ...workflowPermissionResource(cluster.name, w),
    ...(owned[i] ? { owner: owned[i] } : {}),
  }));
}
