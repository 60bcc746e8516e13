/*
 * The example policies of the documentation, tested as written:
 * - TeamPermissionPolicy (docs/permissions.md), route by route by
 *   permissionMatrix.test.ts: teams work in their own namespaces, admins
 *   everywhere, everyone else nowhere;
 * - LaunchByOwnersPolicy (the catalog module's README), by ownership.test.ts.
 */
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  scheduleAdminPermission,
  workflowLaunchPermission,
  workflowReadPermission,
  workflowRunDeletePermission,
  workflowRunReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { runConditions, workflowConditions } from '../rules';

/** The example policy of the catalog module's README: only owners (or members of the owning group) may launch. */
export class LaunchByOwnersPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(query.permission, workflowLaunchPermission)) {
      return workflowConditions.createConditionalDecision(
        query.permission,
        workflowConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Label of workflows that only admins may see (and so launch, or read runs of). */
export const RESTRICTED_LABEL = 'example.com/restricted';

export interface TeamPermissionPolicyOptions {
  /** Entity refs (users or groups) with every right. */
  admins: string[];
  /** Entity ref of a group (or user) -> the namespaces it works in. */
  namespaces: Record<string, string[]>;
  /** Entity refs (users or groups) that may launch ClusterWorkflows too, into their namespaces. */
  clusterWorkflowLaunchers?: string[];
  /** Entity ref -> namespaces whose workflows and runs it may read too, never launch into. */
  readOnly?: Record<string, string[]>;
}

/**
 * - admins: everything;
 * - members of a group with namespaces: read the workflows of those
 *   namespaces and every ClusterWorkflow (not restricted ones), launch the
 *   Workflows of their namespaces (and, for `clusterWorkflowLaunchers`, the
 *   ClusterWorkflows, into their namespaces only), read the runs of their
 *   namespaces, stop the runs they launched themselves;
 * - `readOnly`: more namespaces whose workflows and runs a group may read
 *   (say, to review them), never launch into;
 * - anyone else: nothing of this plugin.
 *
 * Permissions of other plugins are not this example's concern: allowed.
 */
export class TeamPermissionPolicy implements PermissionPolicy {
  constructor(private readonly options: TeamPermissionPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const ours = [
      workflowReadPermission,
      workflowLaunchPermission,
      workflowRunReadPermission,
      workflowRunDeletePermission,
      scheduleAdminPermission,
    ].some(p => isPermission(permission, p));
    if (!ours) return { result: AuthorizeResult.ALLOW };

    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(c => this.options.admins.includes(c))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const namespaces = [
      ...new Set(claims.flatMap(c => this.options.namespaces[c] ?? [])),
    ];
    const readable = [
      ...new Set([
        ...namespaces,
        ...claims.flatMap(c => this.options.readOnly?.[c] ?? []),
      ]),
    ];
    if (!user || readable.length === 0) {
      return { result: AuthorizeResult.DENY };
    }

    if (isPermission(permission, workflowReadPermission)) {
      return workflowConditions.createConditionalDecision(permission, {
        allOf: [
          {
            anyOf: [
              workflowConditions.isInNamespace({ namespaces: readable }),
              workflowConditions.isClusterWorkflow(),
            ],
          },
          { not: workflowConditions.hasLabel({ label: RESTRICTED_LABEL }) },
        ],
      });
    }
    if (isPermission(permission, workflowLaunchPermission)) {
      const into = workflowConditions.launchesIntoNamespace({ namespaces });
      const anyKind = claims.some(c =>
        this.options.clusterWorkflowLaunchers?.includes(c),
      );
      return workflowConditions.createConditionalDecision(
        permission,
        anyKind
          ? into
          : { allOf: [into, workflowConditions.isInNamespace({ namespaces })] },
      );
    }
    if (isPermission(permission, workflowRunReadPermission)) {
      return runConditions.createConditionalDecision(
        permission,
        runConditions.isInNamespace({ namespaces: readable }),
      );
    }
    if (isPermission(permission, workflowRunDeletePermission)) {
      return runConditions.createConditionalDecision(
        permission,
        runConditions.isLaunchedBy({ users: [user.info.userEntityRef] }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
