import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { openSse } from '../__testUtils__/sse';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import {
  launchDockerBuild,
  storedPhase,
  workflowRunType,
} from '../__testUtils__/localRuns';

jest.setTimeout(60_000);

describe('log streaming and log archiving (router, local control plane)', () => {
  let local: TestLocalControlPlane;
  let lcp: TestLocalControlPlane['plane'];
  let server: any;

  beforeAll(async () => {
    // Steps long enough that a step's lines arrive while the run is still running.
    local = await startTestLocalControlPlane({ stepSeconds: 1 });
    lcp = local.plane;
    const backend = await startWorkflowsBackend({
      clusters: [local.clusterConfig],
    });
    server = backend.server;
  });

  afterAll(() => local?.stop());

  const runType = () => workflowRunType(lcp);
  const phaseOf = (name: string) => () => {
    try {
      return storedPhase(lcp, name);
    } catch {
      return 'Gone';
    }
  };
  const launch = (url: string) => launchDockerBuild(server, url);

  it('streams lines while the run runs and sends `end` after it finished', async () => {
    const name = await launch('https://github.com/openchoreo/stream-logs');
    // Each event stamped with the run's phase in the cluster as it arrived.
    const { events, done } = openSse(
      server,
      `${API}/runs/default/${name}/logs/stream`,
      {
        stamp: phaseOf(name),
      },
    );
    await done;
    const lines = events.filter(e => e.event === 'line');
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.some(e => e.stamp === 'Running' || e.stamp === 'Pending'),
    ).toBe(true);
    expect(new Set(lines.map(e => e.data.task))).toEqual(
      new Set(['clone-step', 'build-step', 'push-step']),
    );
    expect(lines.every(e => typeof e.data.text === 'string')).toBe(true);
    const end = events[events.length - 1];
    expect(end.event).toBe('end');
    expect(end.stamp).toBe('Succeeded');
    expect(events.filter(e => e.event === 'end')).toHaveLength(1);
    // Each line once, though the stream combines the archive with followed pod logs.
    const keys = lines.map(
      e => `${e.data.task}|${e.data.timestamp}|${e.data.text}`,
    );
    expect(new Set(keys).size).toBe(keys.length);

    // The same lines as a plain read, in task order.
    const read = await request(server)
      .get(`${API}/runs/default/${name}/logs`)
      .expect(200);
    expect(read.body.complete).toBe(true);
    expect(read.body.lines.map((l: any) => l.text).sort()).toEqual(
      lines.map(e => e.data.text).sort(),
    );
  });

  it('streams one task only with ?task=', async () => {
    const name = await launch('https://github.com/openchoreo/one-task');
    const { events, done } = openSse(
      server,
      `${API}/runs/default/${name}/logs/stream?task=build-step`,
      {
        stamp: phaseOf(name),
      },
    );
    await done;
    const lines = events.filter(e => e.event === 'line');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every(e => e.data.task === 'build-step')).toBe(true);
    expect(events[events.length - 1].event).toBe('end');
  });

  it('gives a step that starts after the stream opened all its lines, and ends when the run ends', async () => {
    const name = await launch('https://github.com/openchoreo/late-step');
    // Opened at launch: push-step, the last step, starts seconds later.
    const { events, done } = openSse(
      server,
      `${API}/runs/default/${name}/logs/stream?task=push-step`,
      { stamp: phaseOf(name) },
    );
    await done;
    const read = await request(server)
      .get(`${API}/runs/default/${name}/logs?task=push-step`)
      .expect(200);
    expect(read.body.lines.length).toBeGreaterThan(0);
    expect(events.filter(e => e.event === 'line').map(e => e.data)).toEqual(
      read.body.lines,
    );
    const end = events[events.length - 1];
    expect([end.event, end.stamp]).toEqual(['end', 'Succeeded']);
  });

  it('keeps the logs after the pods, and then the run itself, are deleted', async () => {
    const name = await launch('https://github.com/openchoreo/gc');
    await eventually(
      async () => phaseOf(name)() === 'Succeeded',
      30_000,
      'the run to succeed',
    );
    const first = await request(server)
      .get(`${API}/runs/default/${name}/logs`)
      .expect(200);
    expect(first.body.lines.length).toBeGreaterThan(0);

    const pods = lcp.store.registry.get('', 'pods');
    const ours = lcp.store
      .all(pods, 'openchoreo-ci-default')
      .filter(
        (p: any) =>
          p.metadata.labels?.['workflows.argoproj.io/workflow'] === name,
      );
    expect(ours.length).toBeGreaterThan(0);
    for (const p of ours)
      lcp.store.delete(pods, p.metadata.namespace, p.metadata.name);

    const afterPods = await request(server)
      .get(`${API}/runs/default/${name}/logs`)
      .expect(200);
    expect(afterPods.body.lines).toEqual(first.body.lines);

    // As the TTL controller would: the run leaves the cluster; history and logs stay.
    lcp.store.delete(runType(), 'default', name);
    await eventually(
      async () => {
        const r = await request(server).get(`${API}/runs/default/${name}`);
        return r.status === 200 && r.body.archived ? true : undefined;
      },
      15_000,
      'the run to be served from the archive',
    );
    const afterRun = await request(server)
      .get(`${API}/runs/default/${name}/logs`)
      .expect(200);
    expect(afterRun.body.lines).toEqual(first.body.lines);
    expect(afterRun.body.complete).toBe(true);
    const streamed = openSse(
      server,
      `${API}/runs/default/${name}/logs/stream`,
      {
        stamp: phaseOf(name),
      },
    );
    await streamed.done;
    expect(
      streamed.events.filter(e => e.event === 'line').map(e => e.data),
    ).toEqual(first.body.lines);
    expect(streamed.events[streamed.events.length - 1].event).toBe('end');
  });
});
