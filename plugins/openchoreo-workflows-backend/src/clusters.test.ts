import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ClusterConfig,
  openchoreoWorkflowsClustersExtensionPoint,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
  waitForBackendReady,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, startWorkflowsBackend } from './__testUtils__/backend';

jest.setTimeout(60_000);

/** A module that adds clusters through the extension point, as the local control plane module does. */
const addingClusters = (...clusters: ClusterConfig[]) =>
  createBackendModule({
    pluginId: 'openchoreo-workflows',
    moduleId: 'test-clusters',
    register(reg) {
      reg.registerInit({
        deps: { clusters: openchoreoWorkflowsClustersExtensionPoint },
        async init({ clusters: ep }) {
          for (const c of clusters) ep.addCluster(c);
        },
      });
    },
  });

describe('clusters added through openchoreoWorkflowsClustersExtensionPoint', () => {
  let local: TestLocalControlPlane;
  const added = (name: string): ClusterConfig => ({
    name,
    connection: {
      authProvider: 'kubeconfig',
      kubeconfig: local.plane.kubeconfig,
    },
  });
  /** The plugin with `clusters` configured and `module` adding more; not yet ready. */
  const start = (
    clusters: Array<Record<string, string>>,
    module: ReturnType<typeof addingClusters>,
  ) =>
    startWorkflowsBackend(
      { clusters, notifications: { enabled: false } },
      { features: [module], ready: false },
    );

  beforeAll(async () => {
    local = await startTestLocalControlPlane();
  });
  afterAll(() => local?.stop());

  it('serves a cluster a module adds when none is configured', async () => {
    const backend = await start([], addingClusters(added('from-module')));
    try {
      await waitForBackendReady(backend.server);
      const res = await request(backend.server)
        .get(`${API}/workflows`)
        .expect(200);
      expect(res.body.items.map((w: any) => w.name)).toContain(
        'generic-workflow-docker-build',
      );
      expect(
        res.body.items.every((w: any) => w.cluster === 'from-module'),
      ).toBe(true);
    } finally {
      await backend.stop();
    }
  });

  it('puts added clusters after the configured ones, so a configured cluster stays the default', async () => {
    const backend = await start(
      [{ ...local.clusterConfig, name: 'first' }],
      addingClusters(added('second')),
    );
    try {
      const unknown = await request(backend.server)
        .get(`${API}/workflows?cluster=third`)
        .expect(404);
      expect(unknown.body.error.message).toBe(
        "?cluster='third' names no configured OpenChoreo cluster",
      );
      await waitForBackendReady(backend.server);
      const byDefault = await request(backend.server)
        .get(`${API}/workflows`)
        .expect(200);
      expect(byDefault.body.items[0].cluster).toBe('first');
      const second = await request(backend.server)
        .get(`${API}/workflows?cluster=second`)
        .expect(200);
      expect(second.body.items[0].cluster).toBe('second');
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start with two clusters of the same name, naming it', async () => {
    await expect(
      start([local.clusterConfig], addingClusters(added('local'))),
    ).rejects.toThrow(/two clusters are named 'local'/);
  });
});
