import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { waitForBackendReady } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { openchoreoWorkflowsPlugin } from '../plugin';

/** Where the plugin's routes are mounted. */
export const API = '/api/openchoreo-workflows';

export interface WorkflowsBackendOptions {
  /** More features: service factories, modules, other plugins. */
  features?: BackendFeature[];
  /** More root config beside `openchoreoWorkflows`. */
  config?: JsonObject;
  /** Wait for `/health` to say ready (default true). */
  ready?: boolean;
}

/**
 * Starts the backend plugin under test with `openchoreoWorkflows` as its
 * config and, unless told otherwise, waits until it is ready.
 */
export async function startWorkflowsBackend(
  openchoreoWorkflows: JsonObject,
  { features = [], config = {}, ready = true }: WorkflowsBackendOptions = {},
) {
  const backend = await startTestBackend({
    features: [
      openchoreoWorkflowsPlugin,
      mockServices.rootConfig.factory({
        data: { ...config, openchoreoWorkflows },
      }),
      ...features,
    ],
  });
  if (ready) await waitForBackendReady(backend.server);
  return backend;
}

/** An `openchoreoWorkflows.clusters` entry that reads a kubeconfig file. */
export const kubeconfigCluster = (kubeconfigPath: string, name = 'local') => ({
  name,
  authProvider: 'kubeconfig',
  kubeconfigPath,
});

export type WorkflowsBackend = Awaited<
  ReturnType<typeof startWorkflowsBackend>
>;
