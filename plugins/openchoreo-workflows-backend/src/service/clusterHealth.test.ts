import { mockCredentials } from '@backstage/backend-test-utils';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';

jest.setTimeout(90_000);

describe('an unreachable API server is visible', () => {
  let local: TestLocalControlPlane;
  let server: any;

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
    const backend = await startWorkflowsBackend({
      clusters: [{ ...local.clusterConfig, name: 'prod' }],
      notifications: { enabled: false },
    });
    server = backend.server;
  });
  afterAll(() => local?.stop());

  const health = async () => (await request(server).get(`${API}/health`)).body;
  const clusterStatus = async () =>
    (
      await request(server)
        .get(`${API}/clusters`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200)
    ).body;

  it('reports the cluster unreachable by name and since when, then reachable again by itself', async () => {
    const up = await health();
    expect(up).toEqual({
      status: 'ok',
      ready: true,
      clusters: [{ name: 'prod', reachable: true, since: expect.any(String) }],
    });

    await local.plane.faults.suspend();
    const detail = await eventually(async () => {
      const [c] = (await clusterStatus()).items;
      // First the dropped watch, then the refused reconnection.
      return c.lastError?.includes('ECONNREFUSED') ? c : undefined;
    });
    const down = await health();
    expect(down.ready).toBe(false);
    const [prod] = down.clusters;
    // Unauthenticated: which cluster and since when, no error detail.
    expect(prod).toEqual({
      name: 'prod',
      reachable: false,
      since: detail.since,
    });
    expect(Date.parse(prod.since)).toBeGreaterThanOrEqual(
      Date.parse(up.clusters[0].since),
    );
    const { port } = new URL(local.plane.url);
    expect(JSON.stringify(down)).not.toContain(port);
    expect(detail).toEqual({
      name: 'prod',
      reachable: false,
      since: prod.since,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });

    await local.plane.faults.resume();
    const back = await eventually(async () => {
      const h = await health();
      return h.ready ? h : undefined;
    }, 30_000);
    expect(back.clusters).toEqual([
      { name: 'prod', reachable: true, since: expect.any(String) },
    ]);
    expect(Date.parse(back.clusters[0].since)).toBeGreaterThanOrEqual(
      Date.parse(prod.since),
    );
  });

  it('needs a signed-in caller for GET /clusters', async () => {
    const res = await request(server)
      .get(`${API}/clusters`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
