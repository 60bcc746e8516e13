import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, LogBackend, startLogBackend } from '../__testUtils__/logBackend';
import { openSse } from '../__testUtils__/sse';

jest.setTimeout(60_000);

const TASKS = ['clone-step', 'build-step', 'push-step'];
const ERROR_ID = '\\(error id [0-9a-f]{8}\\)';

describe('logs where no pod exists (router, local control plane, test observer)', () => {
  let b: LogBackend;
  beforeAll(async () => {
    b = await startLogBackend();
  });
  afterAll(() => b?.stop());

  const logs = (name: string, query: string) =>
    request(b.server)
      .get(`${API}/runs/default/${name}/logs?${query}`)
      .expect(200);

  it("reads a garbage-collected step's log from OpenChoreo's observer and keeps it in the archive", async () => {
    const name = await b.launchAndFinish('observer-gc');
    const shipped = b.podLines(name);
    expect(shipped.length).toBeGreaterThan(0);
    b.observer.add(shipped);
    b.deletePods(name);

    const first = await logs(name, 'cluster=local');
    expect(first.body.lines.map((l: any) => `${l.task} ${l.text}`)).toEqual(
      TASKS.flatMap(t =>
        shipped.filter(l => l.taskName === t).map(l => `${t} ${l.log}`),
      ),
    );
    expect(first.body.steps).toEqual(
      TASKS.map(task => ({
        task,
        source: 'observer',
        reason: 'podGone',
        note: "read from OpenChoreo's observer: its pod was garbage-collected",
      })),
    );
    expect(first.body.complete).toBe(true);
    const asked = b.observer.queries.filter(
      q => q.searchScope.workflowRunName === name,
    );
    expect(asked.map(q => q.searchScope)).toEqual(
      TASKS.map(taskName => ({
        namespace: 'default',
        workflowRunName: name,
        taskName,
      })),
    );

    // The observer goes wrong: the lines come from our archive, not asked again.
    b.observer.failWith({ status: 500, body: { message: 'opensearch down' } });
    try {
      const kept = await logs(name, 'cluster=local');
      expect(kept.body.lines).toEqual(first.body.lines);
      expect(kept.body.steps.map((s: any) => s.source)).toEqual(
        TASKS.map(() => 'archive'),
      );
    } finally {
      b.observer.failWith(undefined);
    }
    expect(
      b.observer.queries.filter(q => q.searchScope.workflowRunName === name),
    ).toHaveLength(3);
  });

  it('reads a run deleted before its logs were archived from the observer', async () => {
    const name = await b.launchAndFinish('observer-ttl');
    const shipped = b.podLines(name).filter(l => l.taskName === 'push-step');
    b.observer.add(shipped);
    b.deletePods(name);
    // As OpenChoreo's TTL does: the run leaves the cluster before anyone read its logs.
    const runs = b.local.plane.store.registry.get(
      'openchoreo.dev',
      'workflowruns',
    );
    b.local.plane.store.delete(runs, 'default', name);
    await eventually(
      async () => {
        const r = await request(b.server).get(
          `${API}/runs/default/${name}?cluster=local`,
        );
        return r.body.archived ? true : undefined;
      },
      15_000,
      'the run to be served from the archive',
    );
    const res = await logs(name, 'cluster=local');
    expect(res.body.lines.map((l: any) => l.text)).toEqual(
      shipped.map(l => l.log),
    );
    expect(res.body.complete).toBe(true);
    const byTask = Object.fromEntries(
      res.body.steps.map((s: any) => [s.task, s]),
    );
    expect(byTask['push-step']).toMatchObject({
      source: 'observer',
      reason: 'runDeleted',
    });
    expect(byTask['clone-step']).toEqual({
      task: 'clone-step',
      reason: 'runDeleted',
      unavailable:
        "step clone-step has no pod: its logs are not available (the run was deleted before its logs were archived; OpenChoreo's observer has no lines for it)",
    });
  });

  it('says in words why a step has no log: no lines in the observer, no observer, an observer that is down', async () => {
    const name = await b.launchAndFinish('no-pod');
    b.deletePods(name);

    const empty = await logs(name, 'cluster=local&task=build-step');
    expect(empty.body).toEqual({
      lines: [],
      complete: false,
      steps: [
        {
          task: 'build-step',
          reason: 'podGone',
          unavailable:
            "step build-step has no pod: its logs are not available (its pod was garbage-collected; OpenChoreo's observer has no lines for it)",
        },
      ],
    });
    const plain = await logs(name, 'cluster=plain&task=build-step');
    expect(plain.body.steps[0].unavailable).toBe(
      "step build-step has no pod: its logs are not available (its pod was garbage-collected; no observer is configured for cluster 'plain')",
    );
    const down = await logs(name, 'cluster=down&task=build-step');
    expect(down.body.steps[0].unavailable).toMatch(
      new RegExp(
        `^step build-step has no pod: its logs are not available \\(its pod was garbage-collected; OpenChoreo's observer of cluster 'down' could not be reached: connection refused ${ERROR_ID}\\)$`,
      ),
    );
    expect(down.body.steps[0].unavailable).not.toMatch(/127\.0\.0\.1|http/);

    // The stream says the same and ends: never an empty stream that waits for ever.
    const stream = openSse(
      b.server,
      `${API}/runs/default/${name}/logs/stream?cluster=down&task=build-step`,
    );
    await stream.done;
    expect(stream.events.map(e => e.event)).toEqual(['status', 'end']);
    expect(stream.events[0].data).toEqual(down.body.steps[0]);
  });

  it('reads the observer when the workflow plane cannot be reached, and says so', async () => {
    const name = await b.launchAndFinish('no-plane');
    const shipped = b.podLines(name).filter(l => l.taskName === 'clone-step');
    b.observer.add(shipped);
    const res = await logs(name, 'cluster=noplane');
    expect(res.body.lines.map((l: any) => l.text)).toEqual(
      shipped.map(l => l.log),
    );
    const [clone, build] = res.body.steps;
    expect(clone).toMatchObject({
      task: 'clone-step',
      source: 'observer',
      reason: 'workflowPlaneUnreachable',
    });
    expect(clone.note).toMatch(
      new RegExp(
        `^read from OpenChoreo's observer: the workflow plane cannot be reached \\(the OpenChoreo cluster 'noplane' cannot be reached to list pods in openchoreo-ci-default: connection refused ${ERROR_ID}\\)$`,
      ),
    );
    expect(build.unavailable).toMatch(
      /^step build-step has no pod: its logs are not available \(the workflow plane cannot be reached; .*connection refused.*; OpenChoreo's observer has no lines for it\)$/,
    );
    // The same run on a cluster whose workflow plane is reachable reads its pods.
    const direct = await logs(name, 'cluster=local&task=build-step');
    expect(direct.body.steps).toEqual([{ task: 'build-step', source: 'pod' }]);
    expect(direct.body.lines.length).toBeGreaterThan(0);
  });

  it('streams a running run whose workflow plane cannot be reached: says so, then ends', async () => {
    const name = await b.launch('no-plane-live');
    const stream = openSse(
      b.server,
      `${API}/runs/default/${name}/logs/stream?cluster=noplane`,
    );
    await stream.done;
    const statuses = stream.events.filter(e => e.event === 'status');
    expect(new Set(statuses.map(e => e.data.task))).toEqual(new Set(TASKS));
    for (const { data } of statuses) {
      expect(data.reason).toBe('workflowPlaneUnreachable');
      expect(data.unavailable).toMatch(
        new RegExp(
          `^step ${data.task} has no pod: its logs are not available \\(the workflow plane cannot be reached; .*connection refused`,
        ),
      );
    }
    expect(stream.events.filter(e => e.event === 'line')).toEqual([]);
    expect(stream.events[stream.events.length - 1].event).toBe('end');
  });
});
