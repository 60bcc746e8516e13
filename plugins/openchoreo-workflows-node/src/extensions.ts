import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ClusterConfig } from './cluster/config';

/**
 * The interface of {@link openchoreoWorkflowsClustersExtensionPoint}.
 *
 * @public
 */
export interface OpenChoreoWorkflowsClustersExtensionPoint {
  /**
   * Adds a cluster besides those of `openchoreoWorkflows.clusters`, which come
   * first (the first cluster is the default one). Names must be unique.
   */
  addCluster(cluster: ClusterConfig): void;
}

/**
 * Lets modules of the `openchoreo-workflows` plugin add clusters, as the
 * local control plane module does with the cluster it starts.
 *
 * @public
 */
export const openchoreoWorkflowsClustersExtensionPoint =
  createExtensionPoint<OpenChoreoWorkflowsClustersExtensionPoint>({
    id: 'openchoreo-workflows.clusters',
  });
