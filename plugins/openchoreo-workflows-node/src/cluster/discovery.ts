import { OPENCHOREO_API_VERSION } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { KubeClient } from './KubeClient';

const [group, version] = OPENCHOREO_API_VERSION.split('/');

/** API group of OpenChoreo's resources (`openchoreo.dev`). @public */
export const OPENCHOREO_GROUP = group;
/** API version of OpenChoreo's resources (`v1alpha1`). @public */
export const OPENCHOREO_VERSION = version;

/**
 * Whether the API server serves ClusterWorkflows: v1.x does, v0.x has none.
 * True while it cannot tell (discovery failed or the group is not there
 * yet), so the watch keeps retrying until the API answers.
 *
 * @public
 */
export async function hasClusterWorkflows(
  client: KubeClient,
): Promise<boolean> {
  const discovery = await client
    .getOptional(
      `/apis/${OPENCHOREO_GROUP}/${OPENCHOREO_VERSION}`,
      'API discovery',
    )
    .catch(() => undefined);
  if (!discovery) return true;
  const resources: Array<{ name: string }> = discovery.resources ?? [];
  return resources.some(r => r.name === 'clusterworkflows');
}
