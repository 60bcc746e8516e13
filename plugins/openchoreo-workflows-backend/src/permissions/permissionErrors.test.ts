/*
 * The permission backend refusing the plugin's request (here: Backstage's
 * permission plugin answering 400 to a resource permission asked without a
 * resourceRef by a token that names no acting plugin) reaches a client as a
 * 503 with an error id: not the permission backend's nested error with its
 * `/authorize` URL.
 */
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import { permissionPluginWith } from './__testUtils__/permissionFramework';

jest.setTimeout(60_000);

describe('a permission backend that refuses the request', () => {
  let local: TestLocalControlPlane;
  let server: any;
  const logged: string[] = [];

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ manifests: [] });
    const logger = mockServices.logger.mock();
    logger.child.mockImplementation(() => logger);
    logger.warn.mockImplementation((message: string) => {
      logged.push(message);
    });
    const backend = await startWorkflowsBackend(
      {
        clusters: [local.clusterConfig],
        notifications: { enabled: false },
      },
      {
        features: [
          ...permissionPluginWith({
            handle: async () => ({ result: AuthorizeResult.ALLOW }),
          }),
          permissionsServiceFactory,
          httpAuthServiceFactory,
          logger.factory,
        ],
        config: { permission: { enabled: true } },
      },
    );
    server = backend.server;
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('answers 503 with an error id; the permission backend and its URL are only in the log', async () => {
    const res = await request(server)
      .get(`${API}/workflows`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^the permission check could not be made \(error id [0-9a-f]{8}\)$/,
      ),
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/authorize|https?:\/\/|resourceRef|cause/i);
    const id = /error id ([0-9a-f]{8})/.exec(res.body.error.message)![1];
    expect(logged).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^permission check failed \\(error id ${id}\\): ResponseError`,
        ),
      ),
    );
  });
});
