/*
 * The set-up of the tests under the team policy of docs/permissions.md: a
 * local control plane with namespaces team-a and team-b, each with a copy of
 * nightly-data-pipeline named `pipeline`, and a restricted `secret-pipeline`
 * in team-a; a backend whose permissions Backstage's permission plugin
 * decides by that policy.
 */
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { JsonObject } from '@backstage/types';
import {
  kubeConfigOf,
  startTestLocalControlPlane,
  TestKube,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import fs from 'node:fs';
import { startWorkflowsBackend } from '../../__testUtils__/backend';
import { permissionFramework } from './permissionFramework';
import {
  RESTRICTED_LABEL,
  TeamPermissionPolicy,
  TeamPermissionPolicyOptions,
} from './examplePolicies';

/** Platform admins everywhere, team-a and team-b in their namespaces; `more` adds rights. */
export function teamPolicy(
  more: Partial<TeamPermissionPolicyOptions> = {},
): TeamPermissionPolicy {
  return new TeamPermissionPolicy({
    admins: ['group:default/platform-admins'],
    namespaces: {
      'group:default/team-a': ['team-a'],
      'group:default/team-b': ['team-b'],
    },
    ...more,
  });
}

/** The Authorization header of a user (an entity ref), of a service (`service`) or of no one (`none`). */
export function authHeaderOf(who: string): string {
  if (who === 'none') return mockCredentials.none.header();
  if (who === 'service') return mockCredentials.service.header();
  return mockCredentials.user.header(who);
}

/** `o` (a Workflow or ClusterWorkflow) again as `name`, in `namespace` when given, with `labels`. */
export const copyOf = (
  o: any,
  name: string,
  namespace?: string,
  labels = {},
) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  metadata: { name, ...(namespace ? { namespace } : {}), labels },
  spec: o.spec,
});

/** Starts the local control plane with the team namespaces and workflows; stops it if they fail. */
export async function startTeamControlPlane() {
  const local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
  try {
    const kube = new TestKube(
      kubeConfigOf(fs.readFileSync(local.kubeconfigPath, 'utf8')),
    );
    const pipeline = await kube.get(
      'workflows',
      'default',
      'nightly-data-pipeline',
    );
    for (const ns of ['team-a', 'team-b']) {
      await kube.createNamespace(ns);
      await kube.create('workflows', copyOf(pipeline, 'pipeline', ns));
    }
    await kube.create(
      'workflows',
      copyOf(pipeline, 'secret-pipeline', 'team-a', { [RESTRICTED_LABEL]: '' }),
    );
    return { local, kube };
  } catch (e) {
    await local.stop();
    throw e;
  }
}

/**
 * The backend on `clusters`, without notifications, its permissions decided
 * by `policy` for users in `groups` (user ref -> group refs); `features` adds
 * more (a catalog, say).
 */
export function startBackendUnderPolicy(
  clusters: JsonObject[],
  policy: PermissionPolicy,
  groups: Record<string, string[]>,
  features: BackendFeature[] = [],
) {
  return startWorkflowsBackend(
    { clusters, notifications: { enabled: false } },
    {
      features: [...permissionFramework(policy, groups), ...features],
      config: { permission: { enabled: true } },
    },
  );
}
