import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import type {
  RunEvent,
  RunPhase,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import request from 'supertest';
import { openSse } from './__testUtils__/sse';
import { API, startWorkflowsBackend } from './__testUtils__/backend';
import { runNamesIn, workflowRunType } from './__testUtils__/localRuns';

jest.setTimeout(60_000);

const DOCKER_BUILD = 'generic-workflow-docker-build';
/** The order a run's phase moves in. */
const PHASE_ORDER: RunPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed'];
/** Valid parameters of the demo container build (nested maps without a default are required, as in OpenChoreo). */
const buildParams = (url: string, branch?: string) => ({
  repository: { url, revision: branch ? { branch } : {} },
  docker: {},
});

describe('openchoreo-workflows backend against the local control plane', () => {
  let local: TestLocalControlPlane;
  let lcp: TestLocalControlPlane['plane'];
  let server: any;

  const startBackend = async (extra: any[] = []) => {
    const backend = await startWorkflowsBackend(
      {
        clusters: [local.clusterConfig],
      },
      { features: [...extra] },
    );
    return backend.server;
  };

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.2 });
    lcp = local.plane;
    server = await startBackend();
  });

  afterAll(() => local?.stop());

  const runType = () => workflowRunType(lcp);
  const runsInCluster = () => runNamesIn(lcp);

  it('answers /health without a token and requires one elsewhere', async () => {
    const health = await request(server)
      .get(`${API}/health`)
      .set('Authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'ok',
      ready: true,
      clusters: [{ name: 'local', reachable: true, since: expect.any(String) }],
    });
    const denied = await request(server)
      .get(`${API}/workflows`)
      .set('Authorization', mockCredentials.none.header());
    expect(denied.status).toBe(401);
  });

  it('lists the workflows of both API generations from the watch cache', async () => {
    const res = await request(server).get(`${API}/workflows`).expect(200);
    const byName = Object.fromEntries(
      res.body.items.map((w: any) => [w.name, w]),
    );
    expect(byName[DOCKER_BUILD]).toMatchObject({
      kind: 'Workflow',
      namespace: 'default',
      generation: 'v0',
      title: 'Docker build (v0.x)',
      type: 'generic',
      schemaErrorCount: 0,
    });
    expect(byName['cloud-database-provision']).toMatchObject({
      kind: 'ClusterWorkflow',
      generation: 'v1',
    });
    expect(byName['cloud-database-provision'].namespace).toBeUndefined();

    const filtered = await request(server)
      .get(`${API}/workflows?kind=ClusterWorkflow&search=database`)
      .expect(200);
    expect(
      filtered.body.items.every((w: any) => w.kind === 'ClusterWorkflow'),
    ).toBe(true);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    await request(server).get(`${API}/workflows?kind=Pod`).expect(400);
  });

  it('serves a workflow with its JSON Schema and defaults, and 404 for unknown ones', async () => {
    const res = await request(server)
      .get(`${API}/workflows/default/${DOCKER_BUILD}`)
      .expect(200);
    expect(res.body.jsonSchema.properties.repository.required).toContain('url');
    expect(res.body.jsonSchema.properties.repository.properties.url.type).toBe(
      'string',
    );
    expect(res.body.defaults.repository.revision.branch).toBe('main');
    expect(res.body.runTemplate).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
    });
    const missing = await request(server)
      .get(`${API}/workflows/default/nope`)
      .expect(404);
    expect(missing.body.error.message).toContain(
      "Workflow 'default/nope' not found",
    );
  });

  it('previews: defaults, field errors, and the rendered Argo Workflow', async () => {
    const bad = await request(server)
      .post(`${API}/workflows/default/${DOCKER_BUILD}/preview`)
      .send({ parameters: { repository: { revision: {} }, docker: {} } })
      .expect(200);
    expect(bad.body.errors).toContainEqual({
      path: 'repository.url',
      message: expect.any(String),
    });
    expect(bad.body.objects).toEqual([]);

    const good = await request(server)
      .post(`${API}/workflows/default/${DOCKER_BUILD}/preview`)
      .send({ parameters: buildParams('https://github.com/openchoreo/sample') })
      .expect(200);
    expect(good.body.errors).toEqual([]);
    expect(good.body.parameters.docker.filePath).toBe('./Dockerfile');
    const argo = good.body.objects[0];
    expect(argo.kind).toBe('Workflow');
    expect(argo.metadata.namespace).toBe('openchoreo-ci-default');
    expect(argo.spec.arguments.parameters).toContainEqual({
      name: 'git-repo',
      value: 'https://github.com/openchoreo/sample',
    });
  });

  it('refuses invalid launches with field errors and creates nothing', async () => {
    const before = runsInCluster();
    const res = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: DOCKER_BUILD },
        parameters: { repository: { revision: {} }, docker: {} },
      })
      .expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.fieldErrors).toContainEqual({
      path: 'repository.url',
      message: expect.any(String),
    });
    const noKind = await request(server)
      .post(`${API}/runs`)
      .send({ namespace: 'default', workflow: { name: DOCKER_BUILD } })
      .expect(400);
    expect(noKind.body.fieldErrors).toEqual([
      { path: 'workflow.kind', message: 'must be Workflow or ClusterWorkflow' },
    ]);
    const badName = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        name: 'Not_A_Name',
        workflow: { kind: 'Workflow', name: DOCKER_BUILD },
        parameters: buildParams('https://x'),
      })
      .expect(400);
    expect(badName.body.fieldErrors[0].path).toBe('name');
    const badNamespace = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'Team_A',
        workflow: { kind: 'ClusterWorkflow', name: 'cloud-database-provision' },
        parameters: {},
      })
      .expect(400);
    expect(badNamespace.body.fieldErrors).toEqual([
      { path: 'namespace', message: expect.stringContaining('DNS-1123') },
    ]);
    const wrongNs = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'other',
        workflow: {
          kind: 'Workflow',
          name: DOCKER_BUILD,
          namespace: 'default',
        },
        parameters: {},
      })
      .expect(400);
    expect(wrongNs.body.error.message).toContain(
      "must be created in namespace 'default'",
    );
    expect(runsInCluster()).toEqual(before);
  });

  it('launches a run, records who launched it, follows it to success and keeps its logs', async () => {
    const res = await request(server)
      .post(`${API}/runs`)
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .send({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: DOCKER_BUILD },
        parameters: buildParams('https://github.com/openchoreo/sample'),
      })
      .expect(201);
    const { name } = res.body;
    expect(name).toMatch(/^generic-workflow-docker-build-[a-z0-9]{8}$/);
    expect(res.body.launchedBy).toBe('user:default/jane');
    const stored = lcp.store.get(runType(), 'default', name) as any;
    expect(
      stored.metadata.labels['openchoreo-workflows.backstage.io/launched-by'],
    ).toBe('user.default.jane');
    expect(stored.spec.workflow).toEqual({
      name: DOCKER_BUILD,
      parameters: expect.objectContaining({
        repository: expect.objectContaining({
          url: 'https://github.com/openchoreo/sample',
        }),
      }),
    });

    const done = await eventually(async () => {
      const r = await request(server)
        .get(`${API}/runs/default/${name}`)
        .expect(200);
      return r.body.phase === 'Succeeded' ? r.body : undefined;
    });
    expect(done.tasks.map((t: any) => t.name)).toEqual([
      'clone-step',
      'build-step',
      'push-step',
    ]);
    expect(
      done.tasks.every(
        (t: any) => t.phase === 'Succeeded' && t.durationMs >= 0,
      ),
    ).toBe(true);
    expect(done.runReference).toMatchObject({
      namespace: 'openchoreo-ci-default',
      name,
    });

    const logs = await request(server)
      .get(`${API}/runs/default/${name}/logs`)
      .expect(200);
    expect(logs.body.lines.length).toBeGreaterThan(0);
    expect(new Set(logs.body.lines.map((l: any) => l.task))).toEqual(
      new Set(['clone-step', 'build-step', 'push-step']),
    );
    const one = await request(server)
      .get(`${API}/runs/default/${name}/logs?task=build-step`)
      .expect(200);
    expect(one.body.lines.every((l: any) => l.task === 'build-step')).toBe(
      true,
    );

    const mine = await request(server)
      .get(`${API}/runs?launchedBy=me`)
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .expect(200);
    expect(mine.body.items.map((r: any) => r.name)).toEqual([name]);
    const byParam = await request(server)
      .get(
        `${API}/runs?param.repository.url=${encodeURIComponent(
          'https://github.com/openchoreo/sample',
        )}`,
      )
      .expect(200);
    expect(byParam.body.items.map((r: any) => r.name)).toContain(name);
  });

  it('creates one run for retried launches with the same idempotency key', async () => {
    const body = {
      namespace: 'default',
      workflow: { kind: 'Workflow', name: DOCKER_BUILD },
      parameters: buildParams('https://github.com/openchoreo/idem'),
      idempotencyKey: 'retry-me-1',
    };
    const [a, b] = await Promise.all([
      request(server).post(`${API}/runs`).send(body),
      request(server).post(`${API}/runs`).send(body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.name).toBe(b.body.name);
    expect(
      runsInCluster().filter(n => n === `default/${a.body.name}`),
    ).toHaveLength(1);
  });

  it('pages through the run history with a cursor, newest first', async () => {
    const all = await request(server).get(`${API}/runs?limit=200`).expect(200);
    const first = await request(server).get(`${API}/runs?limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await request(server)
      .get(`${API}/runs?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(
      [...first.body.items, ...second.body.items].map((r: any) => r.name),
    ).toEqual(all.body.items.slice(0, 4).map((r: any) => r.name));
    await request(server).get(`${API}/runs?phase=Done`).expect(400);
    await request(server).get(`${API}/runs?cursor=garbage`).expect(400);
  });

  it('stops a running run: deleted, then its outcome archived, history and logs kept', async () => {
    const res = await request(server)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        workflow: { kind: 'ClusterWorkflow', name: 'cloud-database-provision' },
        parameters: {
          database: { name: 'orders-db' },
          network: { vpc: 'vpc-1' },
        },
      });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    const { name } = res.body;
    await eventually(async () => {
      const r = await request(server).get(`${API}/runs/default/${name}`);
      return r.body.phase === 'Running' ? true : undefined;
    });
    const stopped = await request(server)
      .delete(`${API}/runs/default/${name}`)
      .expect(200);
    expect(stopped.body).toMatchObject({
      archived: true,
      phase: 'Failed',
      reason: 'Stopped',
    });
    await eventually(async () =>
      runsInCluster().includes(`default/${name}`) ? undefined : true,
    );
    const after = await request(server)
      .get(`${API}/runs/default/${name}`)
      .expect(200);
    expect(after.body).toMatchObject({ archived: true, reason: 'Stopped' });
    await request(server).delete(`${API}/runs/default/${name}`).expect(409);
    const history = await request(server)
      .get(`${API}/runs?workflow=cloud-database-provision&limit=200`)
      .expect(200);
    expect(history.body.items.find((r: any) => r.name === name)).toMatchObject({
      archived: true,
    });
  });

  it('re-runs with changed parameters, validated like a launch', async () => {
    const list = await request(server)
      .get(`${API}/runs?workflow=${DOCKER_BUILD}&phase=Succeeded`)
      .expect(200);
    const source = list.body.items[0];
    const rerun = await request(server)
      .post(`${API}/runs/default/${source.name}/rerun`)
      .send({
        parameters: buildParams('https://github.com/openchoreo/other', 'dev'),
      })
      .expect(201);
    expect(rerun.body.name).not.toBe(source.name);
    expect(rerun.body.parameters.repository.revision.branch).toBe('dev');
    expect(
      rerun.body.annotations['openchoreo-workflows.backstage.io/rerun-of'],
    ).toBe(`default/${source.name}`);
    const bad = await request(server)
      .post(`${API}/runs/default/${source.name}/rerun`)
      .send({ parameters: { repository: { revision: {} }, docker: {} } })
      .expect(400);
    expect(bad.body.fieldErrors[0].path).toBe('repository.url');
  });

  it('streams every change of a run with its steps and conditions, as the run page applies them', async () => {
    const stream = openSse(server, `${API}/stream?workflow=${DOCKER_BUILD}`);
    try {
      // The subscription is in place once the stream's first comment arrived.
      await stream.connected;
      const res = await request(server)
        .post(`${API}/runs`)
        .send({
          namespace: 'default',
          workflow: { kind: 'Workflow', name: DOCKER_BUILD },
          parameters: buildParams('https://github.com/openchoreo/stream'),
        })
        .expect(201);
      const { name } = res.body;
      const ofRun = () =>
        stream.dataOf<RunEvent>('run').filter(e => e.run.name === name);
      await stream.until(
        () => ofRun().some(e => e.run.phase === 'Succeeded'),
        `an event of ${name} with phase Succeeded`,
      );
      const events = ofRun();
      expect(events[0]).toMatchObject({
        type: 'ADDED',
        run: { name, namespace: 'default', archived: false },
      });
      // Phases only move forward: Pending, then Running, then Succeeded.
      const phases = events.map(e => e.run.phase);
      expect([...new Set(phases)]).toEqual(
        expect.arrayContaining(['Running', 'Succeeded']),
      );
      expect(phases).toEqual(
        [...phases].sort(
          (a, b) => PHASE_ORDER.indexOf(a) - PHASE_ORDER.indexOf(b),
        ),
      );
      // Every event carries the run's steps and conditions, never its outputs.
      for (const e of events) {
        expect(e.run.tasks).toEqual(expect.any(Array));
        expect(e.run.conditions).toEqual(expect.any(Array));
        expect(e.run).not.toHaveProperty('outputs');
      }
      // While it runs, a step is running and the run has OpenChoreo's WorkflowRunning condition.
      const running = events.find(
        e =>
          e.run.phase === 'Running' &&
          e.run.tasks!.some(t => t.phase === 'Running'),
      );
      expect(running?.run.tasks!.map(t => t.name)).toEqual(
        expect.arrayContaining(['clone-step']),
      );
      expect(running?.run.conditions).toContainEqual(
        expect.objectContaining({
          type: 'WorkflowRunning',
          status: 'True',
          reason: 'WorkflowRunning',
        }),
      );
      // The last one is the finished run, as GET /runs/{ns}/{name} shows it.
      const last = events[events.length - 1];
      expect(last.type).toBe('MODIFIED');
      expect(
        last.run.tasks!.map(t => ({ name: t.name, phase: t.phase })),
      ).toEqual(
        ['clone-step', 'build-step', 'push-step'].map(step => ({
          name: step,
          phase: 'Succeeded',
        })),
      );
      expect(last.run).toMatchObject({ taskCount: 3, tasksSucceeded: 3 });
      expect(
        Object.fromEntries(last.run.conditions!.map(c => [c.type, c.status])),
      ).toEqual({
        WorkflowCompleted: 'True',
        WorkflowRunning: 'False',
        WorkflowSucceeded: 'True',
      });
      expect(last.run.runReference).toMatchObject({
        namespace: 'openchoreo-ci-default',
        name,
      });
      const detail = await request(server)
        .get(`${API}/runs/default/${name}`)
        .expect(200);
      expect(last.run.tasks).toEqual(detail.body.tasks);
      expect(last.run.conditions).toEqual(detail.body.conditions);
    } finally {
      stream.close();
    }
  });

  it('denies what the permission policy denies', async () => {
    const denied = await startBackend([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const list = await request(denied).get(`${API}/workflows`).expect(200);
    expect(list.body.items).toEqual([]);
    const launch = await request(denied)
      .post(`${API}/runs`)
      .send({
        namespace: 'default',
        workflow: { kind: 'Workflow', name: DOCKER_BUILD },
        parameters: buildParams('https://x'),
      })
      .expect(404);
    // Not allowed to read it either: as if it did not exist.
    expect(launch.body.error.name).toBe('NotFoundError');
    const runs = await request(denied).get(`${API}/runs`).expect(200);
    expect(runs.body.items).toEqual([]);
  });
});
