import { startTestApiServer } from '@openchoreo-workflows/test-apiserver';
import {
  kubeConfigOf,
  loadFixture,
  startOpenChoreoApiServer,
} from '../testUtils';
import { hasClusterWorkflows } from './discovery';
import { KubeClient } from './KubeClient';

// The first start may build the Go binary; later starts take about a second.
const START_TIMEOUT_MS = 20 * 60_000;
jest.setTimeout(60_000);

describe('hasClusterWorkflows against the real Kubernetes apiserver', () => {
  it(
    'is true where the v1.x CRDs are installed',
    async () => {
      const server = await startOpenChoreoApiServer();
      try {
        const client = new KubeClient(kubeConfigOf(server.kubeconfig));
        await expect(hasClusterWorkflows(client)).resolves.toBe(true);
      } finally {
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );

  it(
    'is false where only the v0.x CRDs are (no ClusterWorkflow)',
    async () => {
      const server = await startTestApiServer({
        crds: [
          ...loadFixture('crd-workflows-v0.17.0.yaml'),
          ...loadFixture('crd-workflowruns-v0.17.0.yaml'),
        ],
      });
      try {
        const client = new KubeClient(kubeConfigOf(server.kubeconfig));
        await expect(hasClusterWorkflows(client)).resolves.toBe(false);
      } finally {
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );

  it('is true while the API server cannot be reached, so the watch keeps retrying', async () => {
    const client = new KubeClient(
      kubeConfigOf(`apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'http://127.0.0.1:1' } }]
users: [{ name: u, user: {} }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`),
    );
    await expect(hasClusterWorkflows(client)).resolves.toBe(true);
  });
});
