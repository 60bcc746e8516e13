import { stringify } from 'yaml';

export const KUBECONFIG_CONTEXT = 'openchoreo-local';

/**
 * A kubeconfig for the plain-HTTP server with a (not checked) bearer token user.
 *
 * @public
 */
export function buildKubeconfig(
  url: string,
  token = 'openchoreo-local-token',
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node 1.x refuses plain http unless TLS verification is (trivially) skipped.
    clusters: [
      {
        name: KUBECONFIG_CONTEXT,
        cluster: { server: url, 'insecure-skip-tls-verify': true },
      },
    ],
    users: [{ name: 'openchoreo-local-user', user: { token } }],
    contexts: [
      {
        name: KUBECONFIG_CONTEXT,
        context: {
          cluster: KUBECONFIG_CONTEXT,
          user: 'openchoreo-local-user',
          namespace: 'default',
        },
      },
    ],
    'current-context': KUBECONFIG_CONTEXT,
    preferences: {},
  });
}
