import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  runResourceRef,
  RunPermissionResource,
  workflowResourceRef,
  WorkflowPermissionResource,
} from '../../permissions/rules';

/** Which resources a caller may act on; `conditional` when the decision needs the resource's owner. */
export type ResourceFilter<T> = ((r: T) => boolean) & {
  conditional?: boolean;
  denied?: boolean;
};

/**
 * Predicates for the workflows and runs a caller may act on, from the
 * policy's decision: ALLOW and DENY at once, CONDITIONAL by the plugin's
 * rules (`conditional` tells callers to resolve the owner first).
 */
export function permissionFilters(
  permissions: PermissionsService,
  permissionsRegistry: PermissionsRegistryService | undefined,
) {
  const conditionalFilter = async <T>(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    ruleset: (registry: PermissionsRegistryService) => PermissionRuleset<T>,
  ): Promise<ResourceFilter<T>> => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      return Object.assign(() => false, { denied: true });
    }
    if (decision.result === AuthorizeResult.ALLOW) return () => true;
    if (!permissionsRegistry) return () => false;
    const authorize = createConditionAuthorizer(ruleset(permissionsRegistry));
    return Object.assign((r: T) => authorize(decision, r), {
      conditional: true,
    });
  };

  const workflowFilter = (
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ) =>
    conditionalFilter<WorkflowPermissionResource>(
      credentials,
      permission,
      registry => registry.getPermissionRuleset(workflowResourceRef),
    );

  const runFilter = (
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ) =>
    conditionalFilter<RunPermissionResource>(
      credentials,
      permission,
      registry => registry.getPermissionRuleset(runResourceRef),
    );

  return { workflowFilter, runFilter };
}
