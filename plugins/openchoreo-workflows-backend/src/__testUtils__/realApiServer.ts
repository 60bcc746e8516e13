import { JsonObject } from '@backstage/types';
import { TestApiServer } from '@openchoreo-workflows/test-apiserver';
import {
  kubeConfigOf,
  startOpenChoreoApiServer,
  TestKube,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import {
  kubeconfigCluster,
  startWorkflowsBackend,
  WorkflowsBackend,
} from './backend';

/** The first start may build the Go binary; later starts take seconds. */
export const REAL_API_SERVER_START_MS = 20 * 60_000;

export interface RealApiServerBackend {
  apiserver: TestApiServer;
  /** A client of the apiserver, to arrange and inspect objects. */
  kube: TestKube;
  backend: WorkflowsBackend;
  stop(): Promise<void>;
}

/**
 * The real kube-apiserver with OpenChoreo's CRDs, what `arrange` creates in
 * it, and the backend on it as cluster `real` (more of its config in
 * `config`).
 */
export async function startOnRealApiServer(
  arrange: (kube: TestKube) => Promise<void>,
  config: JsonObject = {},
): Promise<RealApiServerBackend> {
  const apiserver = await startOpenChoreoApiServer();
  try {
    const kube = new TestKube(kubeConfigOf(apiserver.kubeconfig));
    await arrange(kube);
    const backend = await startWorkflowsBackend({
      clusters: [kubeconfigCluster(apiserver.kubeconfigPath, 'real')],
      ...config,
    });
    return {
      apiserver,
      kube,
      backend,
      stop: async () => {
        try {
          await backend.stop();
        } finally {
          await apiserver.stop();
        }
      },
    };
  } catch (e) {
    await apiserver.stop();
    throw e;
  }
}
