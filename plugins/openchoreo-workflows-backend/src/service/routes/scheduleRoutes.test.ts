/*
 * `/schedules` over HTTP against the local control plane: a bad cron, time
 * zone or parameter is a 400 naming it and creates nothing; the owner edits,
 * pauses and deletes, someone else may not; a caller who may not read the
 * workflow does not see its schedules.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { scheduleAdminPermission } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import request from 'supertest';
import { API, startWorkflowsBackend } from '../../__testUtils__/backend';
import { addPipelineCopy } from '../../schedules/__testUtils__/scheduleInstances';
import { AS_ALICE, AS_BOB } from '../../schedules/__testUtils__/scheduleSuite';

jest.setTimeout(60_000);

const CAROL = 'user:default/carol';

/** Allows everything; the schedule admin permission only to Carol. */
const carolIsAdmin = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) =>
    requests.map(r => ({
      result:
        r.permission.name !== scheduleAdminPermission.name ||
        (credentials.principal as any).userEntityRef === CAROL
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  authorizeConditional: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
});
const body = (over: Record<string, unknown> = {}) => ({
  workflow: { kind: 'Workflow', name: 'nightly-data-pipeline' },
  namespace: 'default',
  parameters: { warehouse: 'snowflake' },
  cron: '30 2 * * 1-5',
  timezone: 'America/New_York',
  ...over,
});

describe('/schedules', () => {
  let local: TestLocalControlPlane;
  let server: any;
  let denied: any;

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
    server = (
      await startWorkflowsBackend(
        { clusters: [local.clusterConfig] },
        { features: [carolIsAdmin.factory] },
      )
    ).server;
    denied = (
      await startWorkflowsBackend(
        { clusters: [local.clusterConfig] },
        {
          features: [
            mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
          ],
        },
      )
    ).server;
  });
  afterAll(() => local?.stop());

  const list = async () =>
    (
      await request(server)
        .get(`${API}/schedules`)
        .set('Authorization', AS_ALICE)
        .expect(200)
    ).body.items;

  it.each([
    [{ cron: '61 * * * *' }, 'cron', /out of range/],
    [{ cron: '* * * * * *' }, 'cron', /five fields/],
    [{ cron: '0 0 30 2 *' }, 'cron', /never fires/],
    [{ timezone: 'Mars/Olympus' }, 'timezone', /IANA time zone/],
    [{ parameters: { warehouse: 'oracle' } }, 'warehouse', /./],
  ])('refuses %p with a 400 naming the field', async (over, path, message) => {
    const before = (await list()).length;
    const res = await request(server)
      .post(`${API}/schedules`)
      .set('Authorization', AS_ALICE)
      .send(body(over))
      .expect(400);
    expect(res.body.fieldErrors).toContainEqual({
      path: expect.stringContaining(path),
      message: expect.stringMatching(message),
    });
    expect(await list()).toHaveLength(before);
  });

  it('creates, reads, pauses, resumes and deletes; only the owner changes it', async () => {
    const created = await request(server)
      .post(`${API}/schedules`)
      .set('Authorization', AS_ALICE)
      .send(body())
      .expect(201);
    const { id, nextRunAt } = created.body;
    expect(created.body).toMatchObject({
      cluster: 'local',
      owner: 'user:default/alice',
      cron: '30 2 * * 1-5',
      timezone: 'America/New_York',
      paused: false,
    });
    // 02:30 in New York is 07:30 UTC in winter.
    expect(nextRunAt).toMatch(/T07:30:00\.000Z$/);
    expect(await list()).toContainEqual(created.body);
    await request(server)
      .get(`${API}/schedules/${id}`)
      .set('Authorization', AS_BOB)
      .expect(200, created.body);

    const bobPatch = await request(server)
      .patch(`${API}/schedules/${id}`)
      .set('Authorization', AS_BOB)
      .send({ paused: true })
      .expect(403);
    expect(bobPatch.body.error.message).toMatch(/owner/);
    await request(server)
      .delete(`${API}/schedules/${id}`)
      .set('Authorization', AS_BOB)
      .expect(403);

    // A schedule admin may.
    await request(server)
      .patch(`${API}/schedules/${id}`)
      .set('Authorization', mockCredentials.user.header(CAROL))
      .send({ parameters: { warehouse: 'duckdb' } })
      .expect(200);
    const paused = await request(server)
      .patch(`${API}/schedules/${id}`)
      .set('Authorization', AS_ALICE)
      .send({ paused: true })
      .expect(200);
    expect(paused.body.paused).toBe(true);
    expect(paused.body.parameters).toEqual({ warehouse: 'duckdb' });
    expect(paused.body.nextRunAt).toBeUndefined();
    const resumed = await request(server)
      .patch(`${API}/schedules/${id}`)
      .set('Authorization', AS_ALICE)
      .send({ paused: false, cron: '0 12 * * *', timezone: 'UTC' })
      .expect(200);
    expect(resumed.body.nextRunAt).toMatch(/T12:00:00\.000Z$/);
    await request(server)
      .patch(`${API}/schedules/${id}`)
      .set('Authorization', AS_ALICE)
      .send({ cron: 'often' })
      .expect(400);

    // A caller the policy denies does not see it, nor may create one.
    await request(denied)
      .get(`${API}/schedules/${id}`)
      .set('Authorization', AS_ALICE)
      .expect(404);
    expect(
      (
        await request(denied)
          .get(`${API}/schedules`)
          .set('Authorization', AS_ALICE)
          .expect(200)
      ).body.items,
    ).toEqual([]);
    await request(denied)
      .post(`${API}/schedules`)
      .set('Authorization', AS_ALICE)
      .send(body())
      .expect(404);

    await request(server)
      .delete(`${API}/schedules/${id}`)
      .set('Authorization', AS_ALICE)
      .expect(204);
    await request(server)
      .get(`${API}/schedules/${id}`)
      .set('Authorization', AS_ALICE)
      .expect(404);
  });

  it('is only for users', async () => {
    const res = await request(server)
      .post(`${API}/schedules`)
      .set('Authorization', mockCredentials.service.header())
      .send(body())
      .expect(403);
    expect(res.body.error.message).toMatch(/owned by a user/);
  });

  it('a schedule whose workflow was deleted: its owner still reads, pauses and deletes it; no one edits it', async () => {
    const deleteWorkflow = addPipelineCopy(local, 'doomed-pipeline');
    const workflowStatus = async () =>
      (
        await request(server)
          .get(`${API}/workflows/default/doomed-pipeline`)
          .set('Authorization', AS_ALICE)
      ).status;
    await eventually(
      async () => (await workflowStatus()) === 200 || undefined,
      20_000,
      'the workflow in the cache',
    );
    const { id } = (
      await request(server)
        .post(`${API}/schedules`)
        .set('Authorization', AS_ALICE)
        .send(body({ workflow: { kind: 'Workflow', name: 'doomed-pipeline' } }))
        .expect(201)
    ).body;
    deleteWorkflow();
    await eventually(
      async () => (await workflowStatus()) === 404 || undefined,
      20_000,
      'the workflow gone from the cache',
    );

    const as = (who: string) => ({
      get: () =>
        request(server).get(`${API}/schedules/${id}`).set('Authorization', who),
      patch: (update: object) =>
        request(server)
          .patch(`${API}/schedules/${id}`)
          .set('Authorization', who)
          .send(update),
      delete: () =>
        request(server)
          .delete(`${API}/schedules/${id}`)
          .set('Authorization', who),
    });
    await as(AS_ALICE).get().expect(200);
    expect((await list()).map((s: any) => s.id)).toContain(id);
    // Its parameters cannot be checked without the workflow.
    await as(AS_ALICE)
      .patch({ parameters: { warehouse: 'duckdb' } })
      .expect(404);
    // Someone else is still not its owner.
    await as(AS_BOB).patch({ paused: true }).expect(403);
    await as(AS_BOB).delete().expect(403);
    const paused = await as(AS_ALICE).patch({ paused: true }).expect(200);
    expect(paused.body).toMatchObject({ paused: true });
    expect(paused.body.nextRunAt).toBeUndefined();
    await as(AS_ALICE).delete().expect(204);
    await as(AS_ALICE).get().expect(404);
  });
});
