import { Config } from '@backstage/config';
import path from 'node:path';

/** How to start the local control plane, from `openchoreoWorkflows.localControlPlane`. */
export interface LocalControlPlaneSettings {
  /**
   * The clusters to add, one local control plane each (default `['local']`):
   * two show the portal with several clusters.
   */
  clusters: string[];
  /** Port of the first; the others take free ports. */
  port: number;
  /** Extra manifests besides the demo workflows. */
  manifests: string[];
  stepSeconds?: number;
  /** Absolute path of the first one's kubeconfig to write, if any. */
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
  const clusters = c?.getOptionalStringArray('clusters') ?? ['local'];
  if (clusters.length === 0 || new Set(clusters).size !== clusters.length) {
    throw new Error(
      'openchoreoWorkflows.localControlPlane.clusters must list at least one name, each once',
    );
  }
  return {
    start: {
      clusters,
      port: c?.getOptionalNumber('port') ?? 0,
      manifests: c?.getOptionalStringArray('manifests') ?? [],
      stepSeconds: c?.getOptionalNumber('stepSeconds'),
      kubeconfigOut: kubeconfigOut ? path.resolve(kubeconfigOut) : undefined,
    },
  };
}
