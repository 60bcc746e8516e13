/*
 * A run's live log stream re-checks the caller's permission every minute,
 * as the route does at its start, and ends with a `closed` event once the
 * permission is gone (the whole plugin, over HTTP on 127.0.0.1, with a
 * permissions service whose decision the test changes).
 */
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { openSse } from '../__testUtils__/sse';
import { REAUTHORIZE_MS } from './sse';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

describe('a live log stream whose permission is withdrawn', () => {
  let local: TestLocalControlPlane;
  let server: any;
  let decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
    AuthorizeResult.ALLOW;
  let checks = 0;

  beforeAll(async () => {
    // Steps that last: the run is still running when its permission goes.
    local = await startTestLocalControlPlane({ stepSeconds: 3600 });
    const permissions: PermissionsService = {
      authorize: async requests => requests.map(() => ({ result: decision })),
      authorizeConditional: async requests => {
        checks++;
        return requests.map(() => ({ result: decision }));
      },
    };
    const backend = await startWorkflowsBackend(
      {
        clusters: [local.clusterConfig],
        notifications: { enabled: false },
      },
      {
        features: [
          createServiceFactory({
            service: coreServices.permissions,
            deps: {},
            factory: () => permissions,
          }),
        ],
      },
    );
    server = backend.server;
  });
  afterAll(async () => {
    jest.useRealTimers();
    await local?.stop();
  });

  it('ends with a `closed` event (denied) at the next minute', async () => {
    const launched = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: 'generic-workflow-docker-build' },
        parameters: {
          repository: {
            url: 'https://github.com/openchoreo/reauth',
            revision: {},
          },
          docker: {},
        },
      })
      .expect(201);

    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const client = openSse(
      server.port(),
      `${API}/runs/default/${launched.body.name}/logs/stream`,
    );
    await client.until(() => client.comments > 0 || client.ended);
    expect(client.status).toBe(200);

    const before = checks;
    await jest.advanceTimersByTimeAsync(REAUTHORIZE_MS);
    await client.until(() => checks > before);
    expect(client.ended).toBe(false);

    decision = AuthorizeResult.DENY;
    await jest.advanceTimersByTimeAsync(REAUTHORIZE_MS);
    await client.until(() => client.ended);
    expect(client.events[client.events.length - 1]).toEqual({
      event: 'closed',
      data: {
        reason: 'denied',
        message: `you may no longer read WorkflowRun 'default/${launched.body.name}'`,
      },
    });
    expect(client.events.some(e => e.event === 'end')).toBe(false);
  });
});
