import { mockCredentials } from '@backstage/backend-test-utils';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { openSse } from '../__testUtils__/sse';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

/** What a client must never see: the API server's address and the identity the backend uses. */
function expectNothingInternal(body: unknown, server: URL) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(server.host);
  expect(text).not.toContain(`:${server.port}`);
  expect(text).not.toMatch(/https?:\/\//);
  expect(text).not.toMatch(/serviceaccount|Bearer|kubeconfig/i);
}

describe('errors a client sees', () => {
  let local: TestLocalControlPlane;
  let other: TestLocalControlPlane;
  let server: any;

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
    other = await startTestLocalControlPlane({ manifests: [] });
    const backend = await startWorkflowsBackend({
      clusters: [
        local.clusterConfig,
        { ...other.clusterConfig, name: 'secret-staging' },
      ],
      notifications: { enabled: false },
      streams: { perUser: 1 },
    });
    server = backend.server;
  });
  afterAll(async () => {
    await local?.stop();
    await other?.stop();
  });

  it('an unknown ?cluster= names the parameter, not the configured clusters', async () => {
    const res = await request(server)
      .get(`${API}/workflows?cluster=nope`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("?cluster='nope'");
    expect(JSON.stringify(res.body)).not.toContain('secret-staging');
    expect(JSON.stringify(res.body)).not.toContain("'local'");
  });

  it('a user past openchoreoWorkflows.streams.perUser live streams gets a 429 naming the limit', async () => {
    const open = openSse(server, `${API}/stream`);
    try {
      await open.connected;
      const res = await request(server)
        .get(`${API}/stream`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(429);
      expect(res.body.error.message).toBe(
        'too many live streams: at most 1 per user (openchoreoWorkflows.streams.perUser); close one to open another',
      );
      const another = openSse(server, `${API}/stream`, {
        headers: {
          authorization: mockCredentials.user.header('user:default/other'),
        },
      });
      await another.connected;
      another.close();
    } finally {
      open.close();
    }
  });

  it('a launch on an unreachable API server: 503 naming the cluster and the run, no URL, an error id', async () => {
    const url = new URL(other.plane.url);
    const wanted = new URL(local.plane.url);
    await local.plane.stop();
    const res = await request(server)
      .post(`${API}/runs`)
      .set('Authorization', mockCredentials.user.header())
      .send({
        namespace: 'default',
        name: 'unreachable-run',
        workflow: { kind: 'Workflow', name: 'nightly-data-pipeline' },
        parameters: {},
      });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /^the OpenChoreo cluster 'local' cannot be reached to create WorkflowRun default\/unreachable-run: connection refused \(error id [0-9a-f]{8}\)$/,
    );
    expectNothingInternal(res.body, wanted);
    expectNothingInternal(res.body, url);
  });
});
