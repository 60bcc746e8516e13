import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { API, LogBackend, startLogBackend } from '../__testUtils__/logBackend';

jest.setTimeout(60_000);

const ARGO_WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';
const NODE_NAME = 'workflows.argoproj.io/node-name';

describe("a step's Kubernetes Events (router, local control plane)", () => {
  let b: LogBackend;
  beforeAll(async () => {
    b = await startLogBackend();
  });
  afterAll(() => b?.stop());

  const store = () => b.local.plane.store;
  const podOf = (run: string, task: string) =>
    store()
      .all(store().registry.get('', 'pods'))
      .find(
        (p: any) =>
          p.metadata.labels?.[ARGO_WORKFLOW_LABEL] === run &&
          p.metadata.annotations?.[NODE_NAME]?.endsWith(`.${task}`),
      ) as any;
  /** An event about a pod, as the kubelet writes one. */
  const podEvent = (pod: any, extra: object) =>
    store().create(store().registry.get('', 'events'), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${pod.metadata.name}.${Math.random().toString(16).slice(2)}`,
        namespace: pod.metadata.namespace,
      },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        uid: pod.metadata.uid,
      },
      source: { component: 'kubelet', host: 'local-node' },
      ...extra,
    } as any);
  const events = (name: string, query: string) =>
    request(b.server).get(`${API}/runs/default/${name}/events?${query}`);

  it("answers the step's pod events oldest first, Warnings included, nothing of other pods", async () => {
    const name = await b.launchAndFinish('events');
    const build = podOf(name, 'build-step');
    podEvent(build, {
      type: 'Warning',
      reason: 'Failed',
      message: 'Failed to pull image "registry.example/builder:1": not found',
      count: 3,
      firstTimestamp: '2000-01-01T00:00:00Z',
      lastTimestamp: '2000-01-01T00:01:00Z',
    });
    // The same pod name from an earlier run of the same name is not ours.
    podEvent(
      { ...build, metadata: { ...build.metadata, uid: 'an-older-pod' } },
      {
        type: 'Warning',
        reason: 'OOMKilled',
        message: 'not this pod',
        firstTimestamp: '2000-01-01T00:00:30Z',
      },
    );
    podEvent(build, { type: 'Normal', reason: 'NoTime', message: 'no time' });

    const res = await events(name, 'cluster=local&task=build-step').expect(200);
    expect(res.body.message).toBeUndefined();
    expect(res.body.items.map((e: any) => [e.type, e.reason])).toEqual([
      ['Warning', 'Failed'],
      ['Normal', 'Scheduled'],
      ['Normal', 'Started'],
    ]);
    expect(res.body.items[0]).toEqual({
      timestamp: '2000-01-01T00:00:00Z',
      type: 'Warning',
      reason: 'Failed',
      message: 'Failed to pull image "registry.example/builder:1": not found',
      count: 3,
      lastTimestamp: '2000-01-01T00:01:00Z',
      pod: build.metadata.name,
    });
    expect(
      res.body.items.every((e: any) => e.pod === build.metadata.name),
    ).toBe(true);
    const times = res.body.items.map((e: any) => Date.parse(e.timestamp));
    expect([...times].sort((x, y) => x - y)).toEqual(times);

    const missing = await events(name, 'cluster=local').expect(400);
    expect(missing.body.error.message).toBe('task: is required');
    const never = await events(name, 'cluster=local&task=deploy').expect(200);
    expect(never.body).toEqual({
      items: [],
      message: 'step deploy did not run: it has no events',
    });
  });

  it('says why there are none: the pod is gone, the workflow plane cannot be reached, the run was deleted', async () => {
    const name = await b.launchAndFinish('events-gone');
    const unreachable = await events(
      name,
      'cluster=noplane&task=clone-step',
    ).expect(200);
    expect(unreachable.body.items).toEqual([]);
    expect(unreachable.body.message).toMatch(
      /^step clone-step has no pod: its events are not available \(the workflow plane cannot be reached; the OpenChoreo cluster 'noplane' cannot be reached to list pods in openchoreo-ci-default: connection refused \(error id [0-9a-f]{8}\)\)$/,
    );
    b.deletePods(name);
    const gone = await events(name, 'cluster=local&task=clone-step').expect(
      200,
    );
    expect(gone.body).toEqual({
      items: [],
      message:
        'step clone-step has no pod: its events are not available (its pod was garbage-collected)',
    });
    const runs = store().registry.get('openchoreo.dev', 'workflowruns');
    store().delete(runs, 'default', name);
    await eventually(
      async () =>
        (
          await request(b.server).get(
            `${API}/runs/default/${name}?cluster=local`,
          )
        ).body.archived || undefined,
      15_000,
      'the run to be served from the archive',
    );
    const deleted = await events(name, 'cluster=local&task=push-step').expect(
      200,
    );
    expect(deleted.body).toEqual({
      items: [],
      message:
        'step push-step has no pod: its events are not available (the run was deleted)',
    });
  });

  it("needs the run's read permission: without it, the run does not exist", async () => {
    const name = await b.launchAndFinish('events-denied');
    const denied = await startLogBackend({
      local: b.local,
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      for (const path of ['events?task=build-step', 'logs', 'logs/stream']) {
        const res = await request(denied.server)
          .get(`${API}/runs/default/${name}/${path}`)
          .expect(404);
        expect(res.body.error.message).toBe(
          `WorkflowRun 'default/${name}' not found`,
        );
      }
    } finally {
      await denied.stop();
    }
  });
});
