/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts (see kubeContract.ts). */
import { MERGE_PATCH } from './kubeClient';
import { ContractContext } from './contractTarget';
import { expectStatus } from './workflowObjects';

const nsPath = (name?: string) => `/api/v1/namespaces${name ? `/${name}` : ''}`;
const podsPath = (ns: string, name?: string, sub?: string) =>
  `/api/v1/namespaces/${ns}/pods${name ? `/${name}` : ''}${
    sub ? `/${sub}` : ''
  }`;
const eventsPath = (ns: string) => `/api/v1/namespaces/${ns}/events`;

const NODE = 'contract-node';
const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: {
    nodeName: NODE,
    restartPolicy: 'Never',
    containers: [{ name: 'main', image: 'busybox' }],
  },
});

async function createPod(
  ctx: ContractContext,
  ns: string,
  name: string,
  labels = {},
) {
  const res = await ctx.raw.request('POST', podsPath(ns), pod(name, labels));
  expect(res.status).toBe(201);
  return res.body;
}

/**
 * The core kinds the plugin, the executor and kubectl use: namespaces, pods
 * (with their status and logs) and events. Where the targets differ because
 * of what runs beside the API (a kubelet, the namespace controller), each
 * case says what each target does.
 */
export const coreCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async 'namespaces: create, AlreadyExists, list by label, delete'(ctx) {
    const name = 'c-core-ns';
    const created = await ctx.raw.request('POST', nsPath(), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expectStatus(
      await ctx.raw.request('POST', nsPath(), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      }),
      409,
      'AlreadyExists',
    );
    const list = await ctx.raw.request(
      'GET',
      `${nsPath()}?labelSelector=kubernetes.io/metadata.name=${name}`,
    );
    expect(list.body.items.map((n: any) => n.metadata.name)).toEqual([name]);
    await createPod(ctx, name, 'inside');

    const deleted = await ctx.raw.request('DELETE', nsPath(name));
    expect(deleted.status).toBe(200);
    expect(deleted.body.status.phase).toBe('Terminating');
    expect(deleted.body.metadata.deletionTimestamp).toBeTruthy();
    const after = await ctx.raw.request('GET', nsPath(name));
    if (ctx.target.controllers === 'simulated') {
      // The local control plane is its own namespace controller: the namespace and its contents go at once.
      expectStatus(after, 404, 'NotFound');
      expectStatus(
        await ctx.raw.request('GET', podsPath(name, 'inside')),
        404,
        'NotFound',
      );
    } else {
      // No namespace controller runs beside the bare kube-apiserver: it stays Terminating.
      expect(after.body.status.phase).toBe('Terminating');
      expect(
        (await ctx.raw.request('GET', podsPath(name, 'inside'))).status,
      ).toBe(200);
    }
  },

  async 'pods: create, get, list by label, status subresource'(ctx) {
    const ns = await ctx.namespace('c-core-pods');
    const created = await createPod(ctx, ns, 'p1', { app: 'one' });
    await createPod(ctx, ns, 'p2', { app: 'two' });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.status.phase).toBe('Pending');
    expect(created.spec.nodeName).toBe(NODE);

    const list = await ctx.raw.request(
      'GET',
      `${podsPath(ns)}?labelSelector=app=one`,
    );
    expect(list.body.kind).toBe('PodList');
    expect(list.body.items.map((p: any) => p.metadata.name)).toEqual(['p1']);

    const status = {
      phase: 'Running',
      hostIP: '127.0.0.1',
      podIP: '10.42.0.10',
      startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [
        {
          name: 'main',
          ready: true,
          restartCount: 0,
          image: 'busybox',
          imageID: '',
          state: { running: { startedAt: '2026-01-01T00:00:01Z' } },
        },
      ],
    };
    const written = await ctx.raw.request('PUT', podsPath(ns, 'p1', 'status'), {
      ...created,
      status,
    });
    expect(written.status).toBe(200);
    expect(written.body.status).toMatchObject(status);
    // A main write keeps the status; labels change.
    const relabelled = await ctx.raw.request(
      'PATCH',
      podsPath(ns, 'p1'),
      {
        metadata: { labels: { app: 'one', done: 'yes' } },
        status: { phase: 'Failed' },
      },
      MERGE_PATCH,
    );
    expect(relabelled.status).toBe(200);
    expect(relabelled.body.metadata.labels).toEqual({
      app: 'one',
      done: 'yes',
    });
    expect(relabelled.body.status.phase).toBe('Running');
    expectStatus(
      await ctx.raw.request('POST', podsPath(ns), {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'empty' },
        spec: { containers: [] },
      }),
      422,
      'Invalid',
    );
  },

  async 'pods/log: the lines of a container, where a kubelet serves them'(ctx) {
    const ns = await ctx.namespace('c-core-logs');
    await createPod(ctx, ns, 'logged');
    const log = (query: string) =>
      ctx.raw.request('GET', `${podsPath(ns, 'logged', 'log')}?${query}`);
    if (ctx.target.writePodLog) {
      ctx.target.writePodLog(ns, 'logged', 'main', [
        'first line',
        'second line',
      ]);
      const all = await log('container=main');
      expect(all).toEqual({ status: 200, body: 'first line\nsecond line\n' });
      expect((await log('container=main&tailLines=1')).body).toBe(
        'second line\n',
      );
      expect((await log('container=main&timestamps=true')).body).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z first line\n\S+ second line\n$/,
      );
    } else {
      // The bare kube-apiserver asks the pod's node for the log; no kubelet (nor Node) exists.
      const res = await log('container=main');
      expectStatus(res, 404, 'NotFound');
      expect(res.body.message).toBe(`pods "${NODE}" not found`);
    }
  },

  async 'pods: delete with a grace period of 0 goes at once; a default delete waits for the kubelet'(
    ctx,
  ) {
    const ns = await ctx.namespace('c-core-delete');
    await createPod(ctx, ns, 'now');
    await createPod(ctx, ns, 'graceful');
    const now = await ctx.raw.request('DELETE', podsPath(ns, 'now'), {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 0,
    });
    expect(now.status).toBe(200);
    expectStatus(
      await ctx.raw.request('GET', podsPath(ns, 'now')),
      404,
      'NotFound',
    );

    const graceful = await ctx.raw.request('DELETE', podsPath(ns, 'graceful'));
    expect(graceful.status).toBe(200);
    const after = await ctx.raw.request('GET', podsPath(ns, 'graceful'));
    if (ctx.target.controllers === 'simulated') {
      // The local control plane is its own kubelet: the pod ends at once.
      expectStatus(after, 404, 'NotFound');
    } else {
      // A bound pod waits 30 s for its kubelet, which does not exist here: it stays.
      expect(graceful.body.metadata.deletionGracePeriodSeconds).toBe(30);
      expect(after.body.metadata.deletionTimestamp).toBeTruthy();
    }
  },

  async 'events: create, list by involvedObject, and the namespace rule'(ctx) {
    const ns = await ctx.namespace('c-core-events');
    const event = (name: string, involvedNamespace: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'runner',
        namespace: involvedNamespace,
      },
      reason: 'Started',
      message: 'Started container main',
      type: 'Normal',
      count: 2,
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:05Z',
      source: { component: 'kubelet', host: NODE },
    });
    const created = await ctx.raw.request(
      'POST',
      eventsPath(ns),
      event('e1', ns),
    );
    expect(created.status).toBe(201);
    const { metadata: _m, ...fields } = event('e1', ns);
    expect(created.body).toMatchObject(fields);
    const other = {
      ...event('e2', ns),
      involvedObject: { ...event('e2', ns).involvedObject, name: 'other' },
    };
    expect((await ctx.raw.request('POST', eventsPath(ns), other)).status).toBe(
      201,
    );

    const list = await ctx.raw.request(
      'GET',
      `${eventsPath(
        ns,
      )}?fieldSelector=involvedObject.name=runner,involvedObject.kind=Pod`,
    );
    expect(list.body.kind).toBe('EventList');
    expect(list.body.items.map((e: any) => e.metadata.name)).toEqual(['e1']);

    const elsewhere = await ctx.raw.request(
      'POST',
      eventsPath(ns),
      event('e3', 'another'),
    );
    expectStatus(elsewhere, 422, 'Invalid');
    expect(elsewhere.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "another": does not match event.namespace',
        field: 'involvedObject.namespace',
      },
    ]);
  },
};
