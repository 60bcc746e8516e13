import { Config } from '@backstage/config';
import path from 'node:path';

/** How to start the local control plane, from `openchoreoWorkflows.localControlPlane`. */
export interface LocalControlPlaneSettings {
  port: number;
  /** Extra manifests besides the demo workflows. */
  manifests: string[];
  stepSeconds?: number;
  /** Absolute path of the kubeconfig to write, if any. */
  kubeconfigOut?: string;
}

/**
 * The settings of the local control plane, or a reason not to start it:
 * `enabled: false`, or clusters configured without `enabled: true`.
 */
export function readLocalControlPlaneSettings(
  config: Config,
): { start: LocalControlPlaneSettings } | { skip: string } {
  const c = config.getOptionalConfig('openchoreoWorkflows.localControlPlane');
  const enabled = c?.getOptionalBoolean('enabled');
  if (enabled === false) {
    return { skip: 'openchoreoWorkflows.localControlPlane.enabled is false' };
  }
  const configured =
    config.getOptionalConfigArray('openchoreoWorkflows.clusters') ?? [];
  if (configured.length > 0 && enabled !== true) {
    return {
      skip: 'openchoreoWorkflows.clusters is configured (set openchoreoWorkflows.localControlPlane.enabled to start it as well)',
    };
  }
  const kubeconfigOut = c?.getOptionalString('kubeconfigOut');
  return {
    start: {
      port: c?.getOptionalNumber('port') ?? 0,
      manifests: c?.getOptionalStringArray('manifests') ?? [],
      stepSeconds: c?.getOptionalNumber('stepSeconds'),
      kubeconfigOut: kubeconfigOut ? path.resolve(kubeconfigOut) : undefined,
    },
  };
}
