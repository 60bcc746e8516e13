/*
 * GET /runs/compare on the local control plane, under the example policy of
 * docs/permissions.md evaluated by Backstage's permission plugin (the
 * permission matrix's setup): both runs need their read permission and their
 * workflow's; one the caller may not read answers the 404 of a missing one.
 */
import {
  eventually,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API } from '../../__testUtils__/backend';
import {
  authHeaderOf,
  startBackendUnderPolicy,
  startTeamControlPlane,
  teamPolicy,
} from '../../permissions/__testUtils__/teamSetup';

jest.setTimeout(120_000);

type Who = 'admin' | 'alice' | 'bob' | 'eve' | 'service' | 'none';
const USERS: Record<string, string> = {
  admin: 'user:default/admin',
  alice: 'user:default/alice',
  bob: 'user:default/bob',
  eve: 'user:default/eve',
};
const GROUPS: Record<string, string[]> = {
  [USERS.admin]: ['group:default/platform-admins'],
  [USERS.alice]: ['group:default/team-a'],
  [USERS.bob]: ['group:default/team-b'],
};
const policy = teamPolicy();
const authHeader = (who: Who) => authHeaderOf(USERS[who] ?? who);

describe('GET /runs/compare', () => {
  let local: TestLocalControlPlane;
  let server: any;
  /** Runs launched in beforeAll: `namespace/name`. */
  const runs: Record<string, string> = {};

  const get = (who: Who, url: string) =>
    request(server).get(`${API}${url}`).set('Authorization', authHeader(who));
  const compare = (who: Who, a: string, b: string, extra = '') =>
    get(
      who,
      `/runs/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(
        b,
      )}${extra}`,
    );

  const launch = async (
    namespace: string,
    workflow: string,
    parameters: object,
  ) => {
    const res = await request(server)
      .post(`${API}/runs`)
      .set('Authorization', authHeader('admin'))
      .send({
        namespace,
        workflow: { kind: 'Workflow', name: workflow },
        parameters,
      });
    expect(res.status).toBe(201);
    return `${res.body.namespace}/${res.body.name}`;
  };

  const finished = (ref: string) =>
    eventually(
      async () => {
        const res = await get('admin', `/runs/${ref}`);
        return res.body.phase === 'Succeeded' ? res.body : undefined;
      },
      60_000,
      `${ref} to succeed`,
    );

  beforeAll(async () => {
    ({ local } = await startTeamControlPlane());
    const backend = await startBackendUnderPolicy(
      // The same control plane twice, as two clusters: runs of `local` are
      // also runs of `other`, to compare across clusters.
      [local.clusterConfig, { ...local.clusterConfig, name: 'other' }],
      policy,
      GROUPS,
    );
    server = backend.server;
    await eventually(async () => {
      const res = await get('admin', '/workflows');
      return res.body.items?.length >= 7 ? true : undefined;
    });

    runs.a1 = await launch('team-a', 'pipeline', {
      date: '2026-02-01',
      warehouse: 'bigquery',
    });
    runs.a2 = await launch('team-a', 'pipeline', {
      date: '2026-02-02',
      warehouse: 'bigquery',
      sources: { orders: 'postgres://replica/orders' },
    });
    runs.b1 = await launch('team-b', 'pipeline', {});
    runs.secret = await launch('team-a', 'secret-pipeline', {});
    await Promise.all([finished(runs.a1), finished(runs.a2)]);
    // a2 leaves the cluster: compared from the archive, as its run page reads it.
    const stop = await request(server)
      .delete(`${API}/runs/${runs.a2}`)
      .set('Authorization', authHeader('admin'));
    if (stop.status !== 200) throw new Error(`stopping a2: ${stop.status}`);
  });

  afterAll(() => local?.stop());

  it('lists only the parameters that differ, the steps with both durations, the outputs and both summaries (a live run against an archived one)', async () => {
    const res = await compare('alice', runs.a1, runs.a2);
    expect(res.status).toBe(200);
    expect(res.body.parameters).toEqual([
      { path: '/date', a: '2026-02-01', b: '2026-02-02' },
      { path: '/sources', b: { orders: 'postgres://replica/orders' } },
    ]);
    expect(res.body.parametersTruncated).toBe(false);
    expect([res.body.a.name, res.body.a.archived]).toEqual([
      runs.a1.split('/')[1],
      false,
    ]);
    expect([res.body.b.name, res.body.b.archived]).toEqual([
      runs.a2.split('/')[1],
      true,
    ]);
    expect(res.body.a.tasks).toBeUndefined();
    const steps = res.body.steps.map((s: any) => s.name).sort();
    expect(steps).toEqual(
      [
        'extract-customers',
        'extract-orders',
        'load-warehouse',
        'publish-report',
        'quality-check',
        'transform',
      ].sort(),
    );
    for (const step of res.body.steps) {
      expect(step.a).toEqual({
        phase: 'Succeeded',
        durationMs: expect.any(Number),
      });
      expect(step.b).toEqual({
        phase: 'Succeeded',
        durationMs: expect.any(Number),
      });
    }
    expect(Array.isArray(res.body.outputs)).toBe(true);
  });

  /** Who compares which two runs and may: 200 with both. */
  const allowed: Array<[Who, string, string]> = [
    ['admin', 'a1', 'b1'],
    ['service', 'secret', 'b1'],
    ['alice', 'a1', 'a2'],
  ];
  it.each(allowed)('%s compares %s with %s: 200', async (who, a, b) => {
    const res = await compare(who, runs[a], runs[b]);
    expect([res.status, res.body.a?.name, res.body.b?.name]).toEqual([
      200,
      runs[a].split('/')[1],
      runs[b].split('/')[1],
    ]);
  });

  /** Who compares which two runs and may not read one: the 404 of a missing run, naming it. */
  const hidden: Array<[Who, string, string, string]> = [
    // CONDITIONAL not met on either side: team-b's run, a restricted workflow's run.
    ['alice', 'a1', 'b1', 'b1'],
    ['alice', 'b1', 'a1', 'b1'],
    ['alice', 'secret', 'a1', 'secret'],
    ['bob', 'a1', 'b1', 'a1'],
    // DENY
    ['eve', 'a1', 'a2', 'a1'],
  ];
  it.each(hidden)(
    '%s compares %s with %s: 404 as if %s were missing',
    async (who, a, b, unreadable) => {
      const res = await compare(who, runs[a], runs[b]);
      const gone = await compare('admin', 'team-a/nope', runs.a1);
      expect([res.status, gone.status]).toEqual([404, 404]);
      expect(res.body.error).toEqual({
        ...gone.body.error,
        message: `WorkflowRun '${runs[unreadable]}' not found`,
      });
    },
  );

  it('needs a token', async () => {
    expect((await compare('none', runs.a1, runs.a2)).status).toBe(401);
  });

  it('compares runs of two clusters with clusterA/clusterB; cluster is both runs', async () => {
    const across = await compare('admin', runs.a1, runs.a1, '&clusterB=other');
    expect(across.status).toBe(200);
    expect([across.body.a.cluster, across.body.b.cluster]).toEqual([
      'local',
      'other',
    ]);
    expect(across.body.parameters).toEqual([]);
    const both = await compare('admin', runs.a1, runs.b1, '&cluster=other');
    expect([both.body.a.cluster, both.body.b.cluster]).toEqual([
      'other',
      'other',
    ]);
    const unknown = await compare('admin', runs.a1, runs.a2, '&clusterA=nope');
    expect([unknown.status, unknown.body.error.message]).toEqual([
      404,
      "?cluster='nope' names no configured OpenChoreo cluster",
    ]);
  });

  it.each([
    ['a=team-a&b=team-a/x', 'a'],
    ['a=team-a/x&b=/x', 'b'],
    ['a=team-a/x/y&b=team-a/x', 'a'],
    ['a=team-a/x', 'b'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const res = await get('admin', `/runs/compare?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}\\b`));
  });
});
