/*
 * Backstage's permission framework for a test backend, as a portal runs it:
 * the permission plugin with a policy, and the real permissions and HTTP
 * auth services, which ask that plugin over HTTP on behalf of the signed-in
 * user. Only identities are test doubles (Backstage's mock tokens, and the
 * groups a user belongs to).
 */
import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * Backstage's mock auth service, except that a token issued on behalf of a
 * user names the plugin acting for them (`actor`), as real tokens do: the
 * permission plugin answers conditional decisions only to such requests.
 */
function actorAwareAuth(pluginId: string): AuthService {
  const inner = mockServices.auth({ pluginId });
  return Object.assign(Object.create(inner) as AuthService, {
    async getPluginRequestToken(
      options: Parameters<AuthService['getPluginRequestToken']>[0],
    ) {
      const { token } = await inner.getPluginRequestToken(options);
      if (!token.startsWith(SERVICE_TOKEN_PREFIX)) return { token };
      const claims = JSON.parse(token.slice(SERVICE_TOKEN_PREFIX.length));
      if (!claims.obo) return { token };
      return {
        token: `${SERVICE_TOKEN_PREFIX}${JSON.stringify({
          ...claims,
          act: `plugin:${pluginId}`,
        })}`,
      };
    },
    async authenticate(
      token: string,
      options?: { allowLimitedAccess?: boolean },
    ): Promise<BackstageCredentials> {
      const credentials = await inner.authenticate(token, options);
      if (!token.startsWith(SERVICE_TOKEN_PREFIX)) return credentials;
      const { obo, act } = JSON.parse(token.slice(SERVICE_TOKEN_PREFIX.length));
      return obo && act
        ? mockCredentials.user(obo, { actor: { subject: act } })
        : credentials;
    },
  });
}

/** Backstage's permission plugin, deciding by `policy`. */
export function permissionPluginWith(policy: PermissionPolicy) {
  return [
    permissionPlugin,
    createBackendModule({
      pluginId: 'permission',
      moduleId: 'test-policy',
      register(reg) {
        reg.registerInit({
          deps: { policies: policyExtensionPoint },
          async init({ policies }) {
            policies.setPolicy(policy);
          },
        });
      },
    }),
  ];
}

/** A user's ownershipEntityRefs: the user and its groups in `groups` (user ref -> group refs). */
export const ownershipOf = (groups: Record<string, string[]>, ref: string) => [
  ref,
  ...(groups[ref] ?? []),
];

/**
 * Features that put `policy` in charge: the permission plugin, the real
 * permissions service (with `permission.enabled: true` in the config), and
 * user info with the groups in `groups` (user ref -> group refs).
 */
export function permissionFramework(
  policy: PermissionPolicy,
  groups: Record<string, string[]>,
) {
  return [
    ...permissionPluginWith(policy),
    permissionsServiceFactory,
    // The real one, so that tokens go through the auth service below.
    httpAuthServiceFactory,
    createServiceFactory({
      service: coreServices.auth,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => actorAwareAuth(plugin.getId()),
    }),
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials: BackstageCredentials) {
          const principal = credentials.principal as { userEntityRef?: string };
          const ref = principal.userEntityRef;
          if (!ref) throw new Error('user info is only for users');
          return {
            userEntityRef: ref,
            ownershipEntityRefs: ownershipOf(groups, ref),
          };
        },
      }),
    }),
  ];
}
