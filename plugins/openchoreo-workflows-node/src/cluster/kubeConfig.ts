import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import { ConnectionConfig } from './config';

/** Builds a client-node KubeConfig for one connection. Credentials stay on the server. @public */
export function buildKubeConfig(c: ConnectionConfig): KubeConfig {
  const kc = new KubeConfig();
  if (c.kubeconfig) {
    kc.loadFromString(c.kubeconfig);
  } else if (c.authProvider === 'inCluster') {
    kc.loadFromCluster();
  } else if (c.authProvider === 'kubeconfig') {
    kc.loadFromFile(c.kubeconfigPath!);
    if (c.kubeconfigContext) kc.setCurrentContext(c.kubeconfigContext);
  } else {
    const caData =
      c.caData ??
      (c.caFile ? fs.readFileSync(c.caFile).toString('base64') : undefined);
    kc.loadFromOptions({
      clusters: [
        {
          name: 'cluster',
          server: c.url!,
          caData,
          skipTLSVerify: c.skipTLSVerify ?? false,
        },
      ],
      users: [{ name: 'user', token: c.serviceAccountToken }],
      contexts: [{ name: 'ctx', cluster: 'cluster', user: 'user' }],
      currentContext: 'ctx',
    });
  }
  return kc;
}
