import { mockServices } from '@backstage/backend-test-utils';
import { ClusterState } from '../cluster/ClusterState';

/**
 * A cluster `c1` that is never started, whose API server does not answer:
 * its cache holds what `upsertLocal` puts there (as a launch does), and a
 * request to it fails.
 */
export function unstartedCluster(): ClusterState {
  return new ClusterState(
    {
      name: 'c1',
      connection: {
        authProvider: 'serviceAccount',
        url: 'https://127.0.0.1:9',
        serviceAccountToken: 'unused',
      },
    },
    mockServices.logger.mock(),
  );
}
