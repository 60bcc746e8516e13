import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { ClusterConfig } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';

/** The repository root when running from a checkout (dev portal), else the working directory. */
export function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Where the embedded local control plane writes its kubeconfig, or undefined
 * when it is disabled (it is on by default outside production). The catalog
 * module reads the same setting to find it.
 */
export function localControlPlaneKubeconfigPath(
  config: Config,
): string | undefined {
  const c = config.getOptionalConfig('openchoreoWorkflows.localControlPlane');
  const enabled =
    c?.getOptionalBoolean('enabled') ?? process.env.NODE_ENV !== 'production';
  if (!enabled) return undefined;
  return path.resolve(
    repoRoot(),
    c?.getOptionalString('kubeconfigOut') ?? '.local/kubeconfig',
  );
}

/**
 * Starts the embedded local control plane with the demo workflows when no
 * cluster is configured (outside production, unless disabled), and returns
 * it as the `local` cluster.
 */
export async function startLocalControlPlaneCluster(options: {
  config: RootConfigService;
  logger: LoggerService;
}): Promise<{ cluster: ClusterConfig; stop: () => Promise<void> } | undefined> {
  const c = options.config.getOptionalConfig(
    'openchoreoWorkflows.localControlPlane',
  );
  const kubeconfigOut = localControlPlaneKubeconfigPath(options.config);
  if (!kubeconfigOut) return undefined;
  // Loaded only when used; CommonJS interop puts the exports on `default` in some runtimes.
  const mod: any = await import('@openchoreo-workflows/local-control-plane');
  const { startLocalControlPlane, demoManifestsDir } = (
    mod.startLocalControlPlane ? mod : mod.default
  ) as typeof import('@openchoreo-workflows/local-control-plane');
  const lcp = await startLocalControlPlane({
    port: c?.getOptionalNumber('port') ?? 0,
    manifests: [
      demoManifestsDir(),
      ...(c?.getOptionalStringArray('manifests') ?? []),
    ],
    stepSeconds: c?.getOptionalNumber('stepSeconds'),
    kubeconfigOut,
  });
  options.logger.info(
    `No OpenChoreo cluster configured: started the embedded local control plane at ${lcp.url} with the demo workflows (kubectl --kubeconfig ${kubeconfigOut})`,
  );
  return {
    cluster: {
      name: 'local',
      connection: { authProvider: 'kubeconfig', kubeconfig: lcp.kubeconfig },
    },
    stop: () => lcp.stop(),
  };
}
