/*
 * Permission matrix: every operation of the REST API (src/schema/openapi.yaml)
 * under a real policy (TeamPermissionPolicy, the example of
 * docs/permissions.md) evaluated by Backstage's permission plugin, for:
 *   - admin: ALLOW;                   - eve: DENY (in no team);
 *   - alice (team-a) and bob (team-b): CONDITIONAL decisions the plugin
 *     applies with its rules, met (alice on team-a) or not (bob on team-a,
 *     alice on a restricted workflow or on launching a ClusterWorkflow; bob,
 *     who may launch ClusterWorkflows, on launching one into team-a);
 *   - carol (team-b, and a reviewer of team-a: reads its workflows and runs,
 *     may not launch into it): re-running a team-a run is a 403 (the
 *     target namespace, LAUNCHES_INTO_NAMESPACE), creating nothing; she
 *     then leaves every group and may still read, pause and delete her
 *     schedules, not resume or edit them;
 *   - the cluster is configured for default, team-a and team-b: a launch
 *     into team-c is a 400 naming `namespace`, whoever asks;
 *   - no token: 401 (everything but /health); a service: ALLOW.
 * A single object the caller may not read is a 404 with the same body as a
 * missing one; one they may read but not act on is a 403.
 */
import {
  eventually,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import fs from 'node:fs';
import type { RunEvent } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { RESTRICTED_LABEL } from './__testUtils__/examplePolicies';
import {
  authHeaderOf,
  copyOf,
  startBackendUnderPolicy,
  startTeamControlPlane,
  teamPolicy,
} from './__testUtils__/teamSetup';
import { ADMIN, ALICE, BOB, CAROL, EVE } from './__testUtils__/users';
import { API } from '../__testUtils__/backend';
import { openSse } from '../__testUtils__/sse';

jest.setTimeout(120_000);

type Who = 'admin' | 'alice' | 'bob' | 'carol' | 'eve' | 'service' | 'none';
const USERS: Record<string, string> = {
  admin: ADMIN,
  alice: ALICE,
  bob: BOB,
  carol: CAROL,
  eve: EVE,
};
const GROUPS: Record<string, string[]> = {
  [ADMIN]: ['group:default/platform-admins'],
  [ALICE]: ['group:default/team-a'],
  [BOB]: ['group:default/team-b'],
  [CAROL]: ['group:default/team-b', 'group:default/team-a-reviewers'],
};
const policy = teamPolicy({
  clusterWorkflowLaunchers: ['group:default/team-b'],
  readOnly: { 'group:default/team-a-reviewers': ['team-a'] },
});
/** The cluster's configured `namespaces`; team-c exists but is not one of them. */
const CONFIGURED_NAMESPACES = ['default', 'team-a', 'team-b'];

const aMessage = expect.any(String);
const CW = 'database-migration';
const SECRET_CW = 'secret-migration';
const authHeader = (who: Who) => authHeaderOf(USERS[who] ?? who);

/** Every operation of the OpenAPI document, as `METHOD /path`. */
function documentedOperations(): string[] {
  const doc = parse(
    fs.readFileSync(path.join(__dirname, '../schema/openapi.yaml'), 'utf8'),
  );
  return Object.entries(doc.paths as Record<string, object>).flatMap(
    ([p, ops]) =>
      Object.keys(ops)
        .filter(m => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(m => `${m.toUpperCase()} ${p}`),
  );
}

describe('permission matrix: every route x allowed / denied / conditional', () => {
  let local: TestLocalControlPlane;
  let server: any;
  /** Runs launched in beforeAll, by role. */
  const runs: Record<string, { namespace: string; name: string }> = {};

  const call = (
    who: Who,
    method: 'get' | 'post' | 'patch' | 'delete',
    url: string,
    body?: object,
  ) => {
    const req = request(server)
      [method](`${API}${url}`)
      .set('Authorization', authHeader(who));
    return body ? req.send(body) : req;
  };

  const launchBody = (
    namespace: string,
    kind: 'Workflow' | 'ClusterWorkflow',
    name: string,
  ) => ({
    namespace,
    workflow: { kind, name },
    parameters: kind === 'ClusterWorkflow' ? { database: 'postgres://x' } : {},
  });

  const launch = async (
    who: Who,
    namespace: string,
    kind: 'Workflow' | 'ClusterWorkflow',
    name: string,
  ) => {
    const res = await call(
      who,
      'post',
      '/runs',
      launchBody(namespace, kind, name),
    );
    expect(res.status).toBe(201);
    return { namespace: res.body.namespace, name: res.body.name };
  };

  beforeAll(async () => {
    const team = await startTeamControlPlane();
    local = team.local;
    const migration = await team.kube.get('clusterworkflows', undefined, CW);
    await team.kube.createNamespace('team-c');
    await team.kube.create(
      'clusterworkflows',
      copyOf(migration, SECRET_CW, undefined, { [RESTRICTED_LABEL]: '' }),
    );

    const backend = await startBackendUnderPolicy(
      [{ ...local.clusterConfig, namespaces: CONFIGURED_NAMESPACES }],
      policy,
      GROUPS,
    );
    server = backend.server;
    let listed: unknown;
    await eventually(async () => {
      const res = await call('admin', 'get', '/workflows');
      listed = [
        res.status,
        res.body.items?.map((w: any) => w.name) ?? res.body,
      ];
      return res.body.items?.length === 8 ? true : undefined;
    }).catch(e => {
      throw new Error(
        `${e.message}: 8 workflows, got ${JSON.stringify(listed)}`,
      );
    });

    runs.adminA = await launch('admin', 'team-a', 'Workflow', 'pipeline');
    runs.aliceA = await launch('alice', 'team-a', 'Workflow', 'pipeline');
    runs.aliceA2 = await launch('alice', 'team-a', 'Workflow', 'pipeline');
    runs.bobB = await launch('bob', 'team-b', 'Workflow', 'pipeline');
    runs.secretA = await launch(
      'admin',
      'team-a',
      'Workflow',
      'secret-pipeline',
    );
    runs.clusterA = await launch('admin', 'team-a', 'ClusterWorkflow', CW);
    runs.clusterB = await launch('admin', 'team-b', 'ClusterWorkflow', CW);
    runs.stopByAdmin = await launch('admin', 'team-a', 'Workflow', 'pipeline');
  });

  afterAll(() => local?.stop());

  const runUrl = (key: string, suffix = '') =>
    `/runs/${runs[key].namespace}/${runs[key].name}${suffix}`;

  /** The operations below, by `METHOD /path` of the OpenAPI document. */
  const covered = new Set<string>();
  const operation = (op: string, fn: () => void) => {
    covered.add(op);
    describe(`${op}`, () => {
      fn();
    });
  };

  /** One row per caller: the URL, the status, a further check, the body. */
  const single = (
    op: string,
    method: 'get' | 'post' | 'patch' | 'delete',
    rows: Array<[Who, () => string, number, ((res: any) => void)?, object?]>,
  ) =>
    operation(op, () => {
      it.each(
        rows.map(([who, url, status, check, body]) => ({
          who,
          url,
          status,
          check,
          body,
        })),
      )('$who: $status', async ({ who, url, status, check, body }) => {
        const res = await call(who, method, url(), body);
        expect([res.status, res.body.error?.message]).toEqual([
          status,
          status < 400 ? undefined : aMessage,
        ]);
        check?.(res);
      });
    });

  /** What a missing object answers: a hidden one must answer the same. */
  const sameAsMissing =
    (missingUrl: () => string, method: 'get' | 'post' | 'delete' = 'get') =>
    async (res: any) => {
      const missing = await call('admin', method, missingUrl());
      expect(missing.status).toBe(404);
      expect(res.body.error).toEqual({
        ...missing.body.error,
        message: expect.stringMatching(/not found$/),
      });
    };

  operation('GET /health', () => {
    it.each(['none', 'eve', 'admin'] as Who[])('%s: 200', async who => {
      const res = await call(who, 'get', '/health');
      expect([res.status, res.body.ready]).toEqual([200, true]);
    });
  });

  operation('GET /clusters', () => {
    it.each(['admin', 'alice', 'eve', 'service'] as Who[])(
      '%s: 200, no permission involved',
      async who => {
        const res = await call(who, 'get', '/clusters');
        expect([res.status, res.body.items?.[0]?.name]).toEqual([200, 'local']);
      },
    );
  });

  operation('GET /workflows', () => {
    const names = async (who: Who) => {
      const res = await call(who, 'get', '/workflows');
      expect(res.status).toBe(200);
      return res.body.items
        .map((w: any) => `${w.namespace ?? ''}/${w.name}`)
        .sort();
    };
    const clusterWorkflows = ['/cloud-database-provision', `/${CW}`];
    it('admin (ALLOW): every workflow', async () => {
      expect(await names('admin')).toEqual(
        [
          ...clusterWorkflows,
          `/${SECRET_CW}`,
          'default/generic-workflow-docker-build',
          'default/nightly-data-pipeline',
          'team-a/pipeline',
          'team-a/secret-pipeline',
          'team-b/pipeline',
        ].sort(),
      );
    });
    it('alice, bob (CONDITIONAL): their namespace and unrestricted ClusterWorkflows', async () => {
      expect(await names('alice')).toEqual([
        ...clusterWorkflows,
        'team-a/pipeline',
      ]);
      expect(await names('bob')).toEqual([
        ...clusterWorkflows,
        'team-b/pipeline',
      ]);
    });
    it('eve (DENY): nothing', async () => {
      expect(await names('eve')).toEqual([]);
    });
  });

  const missingWorkflow = () => '/workflows/team-a/nope';
  single('GET /workflows/{namespace}/{name}', 'get', [
    ['admin', () => '/workflows/team-a/secret-pipeline', 200],
    ['alice', () => '/workflows/team-a/pipeline', 200],
    [
      'bob',
      () => '/workflows/team-a/pipeline',
      404,
      sameAsMissing(missingWorkflow),
    ],
    [
      'alice',
      () => '/workflows/team-a/secret-pipeline',
      404,
      sameAsMissing(missingWorkflow),
    ],
    [
      'eve',
      () => '/workflows/team-a/pipeline',
      404,
      sameAsMissing(missingWorkflow),
    ],
    ['service', () => '/workflows/team-b/pipeline', 200],
  ]);

  const missingCw = () => '/clusterworkflows/nope';
  single('GET /clusterworkflows/{name}', 'get', [
    ['admin', () => `/clusterworkflows/${SECRET_CW}`, 200],
    ['bob', () => `/clusterworkflows/${CW}`, 200],
    [
      'alice',
      () => `/clusterworkflows/${SECRET_CW}`,
      404,
      sameAsMissing(missingCw),
    ],
    ['eve', () => `/clusterworkflows/${CW}`, 404, sameAsMissing(missingCw)],
  ]);

  single('POST /workflows/{namespace}/{name}/preview', 'post', [
    ['admin', () => '/workflows/team-b/pipeline/preview', 200, undefined, {}],
    ['alice', () => '/workflows/team-a/pipeline/preview', 200, undefined, {}],
    ['bob', () => '/workflows/team-a/pipeline/preview', 404, undefined, {}],
    [
      'alice',
      () => '/workflows/team-a/secret-pipeline/preview',
      404,
      undefined,
      {},
    ],
    ['eve', () => '/workflows/team-a/pipeline/preview', 404, undefined, {}],
  ]);

  const cwParams = { parameters: { database: 'postgres://x' } };
  single('POST /clusterworkflows/{name}/preview', 'post', [
    [
      'admin',
      () => `/clusterworkflows/${SECRET_CW}/preview`,
      200,
      undefined,
      cwParams,
    ],
    ['bob', () => `/clusterworkflows/${CW}/preview`, 200, undefined, cwParams],
    [
      'alice',
      () => `/clusterworkflows/${SECRET_CW}/preview`,
      404,
      undefined,
      cwParams,
    ],
    ['eve', () => `/clusterworkflows/${CW}/preview`, 404, undefined, cwParams],
  ]);

  operation('POST /runs', () => {
    const rows: Array<
      [Who, string, 'Workflow' | 'ClusterWorkflow', string, number]
    > = [
      ['admin', 'team-b', 'Workflow', 'pipeline', 201],
      ['alice', 'team-a', 'Workflow', 'pipeline', 201],
      // CONDITIONAL not met: cannot read it, so it does not exist for them.
      ['alice', 'team-b', 'Workflow', 'pipeline', 404],
      ['alice', 'team-a', 'Workflow', 'secret-pipeline', 404],
      // CONDITIONAL: may read the ClusterWorkflow, may not launch it.
      ['alice', 'team-a', 'ClusterWorkflow', CW, 403],
      // CONDITIONAL on the run's namespace (LAUNCHES_INTO_NAMESPACE): bob may
      // launch ClusterWorkflows, into team-b only.
      ['bob', 'team-b', 'ClusterWorkflow', CW, 201],
      ['bob', 'team-a', 'ClusterWorkflow', CW, 403],
      ['bob', 'default', 'ClusterWorkflow', CW, 403],
      ['eve', 'team-a', 'Workflow', 'pipeline', 404],
    ];
    it.each(rows)(
      '%s launches into %s %s %s: %d',
      async (who, ns, kind, name, status) => {
        const res = await call(
          who,
          'post',
          '/runs',
          launchBody(ns, kind, name),
        );
        expect(res.status).toBe(status);
        expect(res.body.launchedBy).toBe(
          status === 201 ? USERS[who] : undefined,
        );
      },
    );
    it.each(['admin', 'service'] as Who[])(
      '%s launches into team-c, not a configured namespace: 400 naming namespace',
      async who => {
        const res = await call(
          who,
          'post',
          '/runs',
          launchBody('team-c', 'ClusterWorkflow', CW),
        );
        expect([res.status, res.body.fieldErrors]).toEqual([
          400,
          [
            {
              path: 'namespace',
              message: `'team-c' is not one of the namespaces cluster 'local' is configured for (${CONFIGURED_NAMESPACES.join(
                ', ',
              )})`,
            },
          ],
        ]);
      },
    );
  });

  operation('GET /runs', () => {
    const names = async (who: Who) => {
      const res = await call(who, 'get', '/runs?limit=200');
      expect(res.status).toBe(200);
      return res.body.items.map((r: any) => `${r.namespace}/${r.name}`);
    };
    const key = (k: string) => `${runs[k].namespace}/${runs[k].name}`;
    it('admin (ALLOW): every run', async () => {
      expect(await names('admin')).toEqual(
        expect.arrayContaining(Object.keys(runs).map(key)),
      );
    });
    it("alice (CONDITIONAL): team-a's runs of workflows she may read", async () => {
      const seen = await names('alice');
      expect(seen).toEqual(
        expect.arrayContaining(
          ['adminA', 'aliceA', 'clusterA', 'stopByAdmin'].map(key),
        ),
      );
      expect(seen).not.toContain(key('secretA'));
      expect(seen.every((r: string) => r.startsWith('team-a/'))).toBe(true);
    });
    it("bob (CONDITIONAL): team-b's runs only", async () => {
      const seen = await names('bob');
      expect(seen).toContain(key('bobB'));
      expect(seen.every((r: string) => r.startsWith('team-b/'))).toBe(true);
    });
    it('eve (DENY): none', async () => {
      expect(await names('eve')).toEqual([]);
    });
  });

  const missingRun =
    (suffix = '') =>
    () =>
      `/runs/team-a/nope${suffix}`;
  single('GET /runs/{namespace}/{name}', 'get', [
    ['admin', () => runUrl('bobB'), 200],
    ['alice', () => runUrl('adminA'), 200],
    ['bob', () => runUrl('adminA'), 404, sameAsMissing(missingRun())],
    // The hole this matrix found: the run's read permission alone let
    // alice read a run of a workflow she may not see.
    ['alice', () => runUrl('secretA'), 404, sameAsMissing(missingRun())],
    ['eve', () => runUrl('adminA'), 404, sameAsMissing(missingRun())],
    ['service', () => runUrl('secretA'), 200],
  ]);

  single('GET /runs/{namespace}/{name}/logs', 'get', [
    ['admin', () => runUrl('secretA', '/logs'), 200],
    ['alice', () => runUrl('aliceA', '/logs'), 200],
    [
      'bob',
      () => runUrl('aliceA', '/logs'),
      404,
      sameAsMissing(missingRun('/logs')),
    ],
    [
      'alice',
      () => runUrl('secretA', '/logs'),
      404,
      sameAsMissing(missingRun('/logs')),
    ],
    [
      'eve',
      () => runUrl('aliceA', '/logs'),
      404,
      sameAsMissing(missingRun('/logs')),
    ],
  ]);

  single('GET /runs/{namespace}/{name}/events', 'get', [
    ['admin', () => runUrl('secretA', '/events?task=run'), 200],
    ['alice', () => runUrl('aliceA', '/events?task=run'), 200],
    [
      'bob',
      () => runUrl('aliceA', '/events?task=run'),
      404,
      sameAsMissing(missingRun('/events?task=run')),
    ],
    [
      'alice',
      () => runUrl('secretA', '/events?task=run'),
      404,
      sameAsMissing(missingRun('/events?task=run')),
    ],
    [
      'eve',
      () => runUrl('aliceA', '/events?task=run'),
      404,
      sameAsMissing(missingRun('/events?task=run')),
    ],
  ]);

  operation('GET /runs/{namespace}/{name}/logs/stream', () => {
    const rows: Array<[Who, string, number]> = [
      ['admin', 'secretA', 200],
      ['alice', 'aliceA', 200],
      ['bob', 'aliceA', 404],
      ['alice', 'secretA', 404],
      ['eve', 'aliceA', 404],
    ];
    it.each(rows)('%s on %s: %d', async (who, run, status) => {
      const res = await openStream(who, runUrl(run, '/logs/stream'));
      res.close();
      expect(res.status).toBe(status);
      expect(res.response?.headers['content-type']).toMatch(
        status === 200 ? /^text\/event-stream/ : /^application\/json/,
      );
    });
  });

  single('POST /runs/{namespace}/{name}/rerun', 'post', [
    ['admin', () => runUrl('bobB', '/rerun'), 201, undefined, {}],
    ['alice', () => runUrl('adminA', '/rerun'), 201, undefined, {}],
    // Reads the run of a ClusterWorkflow in team-a; may not launch ClusterWorkflows.
    ['alice', () => runUrl('clusterA', '/rerun'), 403, undefined, {}],
    // Into the run's namespace, team-b, where bob may launch ClusterWorkflows.
    ['bob', () => runUrl('clusterB', '/rerun'), 201, undefined, {}],
    ['alice', () => runUrl('secretA', '/rerun'), 404, undefined, {}],
    ['bob', () => runUrl('adminA', '/rerun'), 404, undefined, {}],
    ['eve', () => runUrl('adminA', '/rerun'), 404, undefined, {}],
  ]);

  describe('POST /runs/{namespace}/{name}/rerun, denied by the target namespace', () => {
    const runsInCluster = async () => {
      const res = await call('admin', 'get', '/runs?limit=200');
      expect(res.status).toBe(200);
      return res.body.items.map((r: any) => `${r.namespace}/${r.name}`).sort();
    };
    // carol reads team-a's runs and may launch any workflow, into team-b
    // only: the re-run would go to the run's namespace, team-a.
    it.each(['clusterA', 'adminA'])(
      'carol re-runs %s (team-a): 403 (LAUNCHES_INTO_NAMESPACE), nothing created',
      async run => {
        expect((await call('carol', 'get', runUrl(run))).status).toBe(200);
        const before = await runsInCluster();
        const res = await call('carol', 'post', runUrl(run, '/rerun'), {});
        expect([res.status, res.body.error?.name]).toEqual([
          403,
          'NotAllowedError',
        ]);
        expect(await runsInCluster()).toEqual(before);
      },
    );
    it('carol re-runs clusterB (team-b): 201', async () => {
      const res = await call('carol', 'post', runUrl('clusterB', '/rerun'), {});
      expect([res.status, res.body.namespace]).toEqual([201, 'team-b']);
    });
  });

  operation('GET /stream', () => {
    it('delivers each caller only the runs they may read (none: 404)', async () => {
      const streams = Object.fromEntries(
        (['admin', 'alice', 'bob', 'eve'] as Who[]).map(w => [
          w,
          openStream(w, '/stream'),
        ]),
      );
      try {
        for (const who of ['admin', 'alice', 'bob'])
          expect((await streams[who]).status).toBe(200);
        // DENY: refused before the stream starts, as a single object is.
        const eve = await streams.eve;
        expect(eve.status).toBe(404);
        expect(eve.response?.headers['content-type']).toMatch(
          /^application\/json/,
        );
        // In this order: each connection delivers events in order, so once a
        // caller saw a later run, they would have seen an earlier one.
        const secret = await launch(
          'admin',
          'team-a',
          'Workflow',
          'secret-pipeline',
        );
        const teamA = await launch('admin', 'team-a', 'Workflow', 'pipeline');
        const teamB = await launch('admin', 'team-b', 'Workflow', 'pipeline');
        const saw = async (who: Who, run: { name: string }) =>
          (await streams[who])
            .dataOf<RunEvent>('run')
            .some(e => e.run.name === run.name);
        await eventually(async () =>
          (await saw('admin', teamB)) ? true : undefined,
        );
        await eventually(async () =>
          (await saw('alice', teamA)) ? true : undefined,
        );
        await eventually(async () =>
          (await saw('bob', teamB)) ? true : undefined,
        );
        expect(await saw('admin', secret)).toBe(true);
        expect(await saw('alice', secret)).toBe(false);
        expect(await saw('bob', teamA)).toBe(false);
        expect((await streams.eve).dataOf('run')).toEqual([]);
      } finally {
        for (const s of Object.values(streams)) (await s).close();
      }
    });
  });

  const comparePair = (a: string, b: string) => () =>
    `/runs/compare?a=${runs[a].namespace}/${runs[a].name}&b=${runs[b].namespace}/${runs[b].name}`;
  single('GET /runs/compare', 'get', [
    ['admin', comparePair('adminA', 'bobB'), 200],
    ['alice', comparePair('adminA', 'aliceA'), 200],
    // Either run hidden: the answer of a missing run.
    ['alice', comparePair('adminA', 'bobB'), 404],
    ['alice', comparePair('secretA', 'aliceA'), 404],
    ['eve', comparePair('adminA', 'aliceA'), 404],
    ['service', comparePair('secretA', 'bobB'), 200],
  ]);

  // Schedules: reading one needs its workflow's read permission (or owning
  // it), creating one the launch permission into its namespace, changing one
  // its owner (pausing and deleting need no launch permission of the owner).
  const schedules: Record<string, string> = {};
  const scheduleBody = (namespace: string) => ({
    workflow: { kind: 'Workflow', name: 'pipeline', namespace },
    namespace,
    parameters: {},
    cron: '0 3 * * *',
  });
  const scheduleUrl = (key: string) => () => `/schedules/${schedules[key]}`;
  const keepSchedule = (key: string) => (res: any) => {
    schedules[key] = res.body.id;
  };
  single('POST /schedules', 'post', [
    // The oldest schedule: one alice may not read, listed before hers.
    [
      'bob',
      () => '/schedules',
      201,
      keepSchedule('bobB'),
      scheduleBody('team-b'),
    ],
    [
      'admin',
      () => '/schedules',
      201,
      keepSchedule('adminA'),
      scheduleBody('team-a'),
    ],
    [
      'alice',
      () => '/schedules',
      201,
      keepSchedule('aliceA'),
      scheduleBody('team-a'),
    ],
    [
      'alice',
      () => '/schedules',
      201,
      keepSchedule('aliceA2'),
      scheduleBody('team-a'),
    ],
    ...(['carolB', 'carolB2'].map(key => [
      'carol',
      () => '/schedules',
      201,
      keepSchedule(key),
      scheduleBody('team-b'),
    ]) as Array<[Who, () => string, number, (res: any) => void, object]>),
    ['bob', () => '/schedules', 404, undefined, scheduleBody('team-a')],
    ['eve', () => '/schedules', 404, undefined, scheduleBody('team-a')],
    ['service', () => '/schedules', 403, undefined, scheduleBody('team-a')],
  ]);
  operation('GET /schedules', () => {
    const ids = async (who: Who) => {
      const res = await call(who, 'get', '/schedules');
      expect(res.status).toBe(200);
      return res.body.items.map((s: any) => s.id).sort();
    };
    it('admin: all; alice: the schedules of team-a; bob: team-b; eve: none', async () => {
      const teamA = [schedules.adminA, schedules.aliceA, schedules.aliceA2];
      expect(await ids('admin')).toEqual(
        expect.arrayContaining([...teamA, schedules.bobB]),
      );
      expect(await ids('alice')).toEqual([...teamA].sort());
      expect(await ids('bob')).toEqual(
        [schedules.bobB, schedules.carolB, schedules.carolB2].sort(),
      );
      expect(await ids('eve')).toEqual([]);
    });
    it('pages with limit and cursor after the permission filter: no page of alice is empty', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await call(
          'alice',
          'get',
          `/schedules?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items).toHaveLength(1);
        seen.push(res.body.items[0].id);
        cursor = res.body.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen.sort()).toEqual(
        [schedules.adminA, schedules.aliceA, schedules.aliceA2].sort(),
      );
      const eve = await call('eve', 'get', '/schedules?limit=1');
      expect(eve.body).toEqual({ items: [] });
      const bad = await call('alice', 'get', '/schedules?cursor=nonsense');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/cursor/);
    });
  });
  // Carol loses every right; her schedules stay hers: she may still read,
  // pause and delete them (their ticks would go on), not resume or edit them.
  describe('carol leaves every group', () => {
    it('takes her rights away: she may not create one any more', async () => {
      GROUPS[CAROL] = [];
      const res = await call(
        'carol',
        'post',
        '/schedules',
        scheduleBody('team-b'),
      );
      expect(res.status).toBe(404);
    });
  });
  single('GET /schedules/{id}', 'get', [
    ['carol', scheduleUrl('carolB'), 200],
    ['admin', scheduleUrl('aliceA'), 200],
    ['alice', scheduleUrl('adminA'), 200],
    ['bob', scheduleUrl('aliceA'), 404],
    ['eve', scheduleUrl('aliceA'), 404],
  ]);
  single('PATCH /schedules/{id}', 'patch', [
    ['alice', scheduleUrl('aliceA'), 200, undefined, { paused: true }],
    // CONDITIONAL: alice reads admin's schedule, but does not own it.
    ['alice', scheduleUrl('adminA'), 403, undefined, { paused: true }],
    ['bob', scheduleUrl('aliceA'), 404, undefined, { paused: false }],
    ['eve', scheduleUrl('aliceA'), 404, undefined, { paused: false }],
    ['carol', scheduleUrl('carolB'), 200, undefined, { paused: true }],
    // Resuming or editing needs the launch permission (its workflow is hidden).
    ['carol', scheduleUrl('carolB'), 404, undefined, { paused: false }],
    ['carol', scheduleUrl('carolB'), 404, undefined, { cron: '0 4 * * *' }],
  ]);
  single('DELETE /schedules/{id}', 'delete', [
    ['alice', scheduleUrl('adminA'), 403],
    ['bob', scheduleUrl('aliceA'), 404],
    ['eve', scheduleUrl('aliceA'), 404],
    ['alice', scheduleUrl('aliceA2'), 204],
    ['admin', scheduleUrl('adminA'), 204],
    ['carol', scheduleUrl('carolB2'), 204],
  ]);

  // Last: stopping changes runs the rows above read.
  single('DELETE /runs/{namespace}/{name}', 'delete', [
    ['admin', () => runUrl('stopByAdmin'), 200],
    ['alice', () => runUrl('aliceA2'), 200],
    // CONDITIONAL: alice reads admin's run in team-a, but did not launch it.
    ['alice', () => runUrl('adminA'), 403],
    ['bob', () => runUrl('aliceA'), 404, sameAsMissing(missingRun(), 'delete')],
    [
      'alice',
      () => runUrl('secretA'),
      404,
      sameAsMissing(missingRun(), 'delete'),
    ],
    ['eve', () => runUrl('aliceA'), 404, sameAsMissing(missingRun(), 'delete')],
  ]);

  describe('every route', () => {
    it('is in the matrix', () => {
      expect([...covered].sort()).toEqual(documentedOperations().sort());
    });

    it.each(documentedOperations().filter(op => op !== 'GET /health'))(
      '%s: 401 without a token',
      async op => {
        const [method, template] = op.split(' ');
        const url = template
          .replace('{namespace}', 'team-a')
          .replace('{name}', 'pipeline');
        const res = await call(
          'none',
          method.toLowerCase() as 'get' | 'post' | 'delete',
          url,
          method === 'GET' ? undefined : {},
        );
        expect(res.status).toBe(401);
      },
    );
  });

  /** Opens a Server-Sent-Events request as `who`; resolves once its headers arrived. */
  async function openStream(who: Who, url: string) {
    const client = openSse(server, `${API}${url}`, {
      headers: { Authorization: authHeader(who) },
    });
    await client.until(
      () => client.response !== undefined || client.ended,
      'response headers',
      10_000,
    );
    return client;
  }
});
