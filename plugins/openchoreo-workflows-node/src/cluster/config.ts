import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ObserverConfig, readObserverConfig } from './observerConfig';

/** How a connection authenticates. @public */
export type AuthProvider = 'serviceAccount' | 'kubeconfig' | 'inCluster';

/** How to reach one Kubernetes API server. @public */
export interface ConnectionConfig {
  url?: string;
  authProvider: AuthProvider;
  serviceAccountToken?: string;
  kubeconfigPath?: string;
  kubeconfigContext?: string;
  /** YAML of a kubeconfig (used for the embedded local control plane). */
  kubeconfig?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
}

/** One OpenChoreo control plane, and optionally its workflow plane. @public */
export interface ClusterConfig {
  name: string;
  connection: ConnectionConfig;
  workflowPlane?: ConnectionConfig;
  namespaces?: string[];
  /** OpenChoreo's observer, read for step logs no pod has any more. */
  observer?: ObserverConfig;
}

function readConnection(c: Config, where: string): ConnectionConfig {
  const authProvider = (c.getOptionalString('authProvider') ??
    (c.has('kubeconfigPath')
      ? 'kubeconfig'
      : 'serviceAccount')) as AuthProvider;
  if (!['serviceAccount', 'kubeconfig', 'inCluster'].includes(authProvider)) {
    throw new InputError(
      `${where}.authProvider must be serviceAccount, kubeconfig or inCluster, got '${authProvider}'`,
    );
  }
  const url = c.getOptionalString('url');
  if (authProvider === 'serviceAccount' && !url) {
    throw new InputError(
      `${where}.url is required with authProvider serviceAccount`,
    );
  }
  if (authProvider === 'kubeconfig' && !c.has('kubeconfigPath')) {
    throw new InputError(
      `${where}.kubeconfigPath is required with authProvider kubeconfig`,
    );
  }
  return {
    url,
    authProvider,
    serviceAccountToken: c.getOptionalString('serviceAccountToken'),
    kubeconfigPath: c.getOptionalString('kubeconfigPath'),
    kubeconfigContext: c.getOptionalString('kubeconfigContext'),
    caData: c.getOptionalString('caData'),
    caFile: c.getOptionalString('caFile'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
  };
}

/** Reads `openchoreoWorkflows.clusters`; every problem names the config key. @public */
export function readClusterConfigs(config: Config): ClusterConfig[] {
  const clusters =
    config.getOptionalConfigArray('openchoreoWorkflows.clusters') ?? [];
  const names = new Set<string>();
  return clusters.map((c, i) => {
    const where = `openchoreoWorkflows.clusters[${i}]`;
    const name = c.getString('name');
    if (names.has(name)) {
      throw new InputError(`${where}.name '${name}' is used twice`);
    }
    names.add(name);
    return {
      name,
      connection: readConnection(c, where),
      workflowPlane: c.has('workflowPlane')
        ? readConnection(c.getConfig('workflowPlane'), `${where}.workflowPlane`)
        : undefined,
      namespaces: c.getOptionalStringArray('namespaces'),
      observer: readObserverConfig(
        c.getOptionalConfig('observer'),
        `${where}.observer`,
      ),
    };
  });
}
