/* eslint-disable jest/no-standalone-expect, @backstage/no-undeclared-imports --
 * Test-only module: its cases run inside tests (contract.test.ts, deviation.test.ts) and it
 * uses the test dependencies; nothing in the package's entry point imports it. */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { JSON_PATCH, MERGE_PATCH, RawKube, WatchEvent } from './kubeClient';

/**
 * The Kubernetes API contract the backend relies on, written once and run against every
 * target (the local control plane and the full kube-apiserver, both serving the CRDs in this
 * package's crds/ and the core kinds). The real apiserver is the reference.
 */
export interface ContractTarget {
  kubeconfig: string;
  /** Creates a namespace (or finds it there). */
  ensureNamespace(name: string): Promise<void>;
  /** A target whose resourceVersions expire after a few writes, for 410 Gone; release() undoes it. */
  expiring(): Promise<{ target: ContractTarget; release(): Promise<void> }>;
  /**
   * What runs beside the API: the local control plane acts as the kubelet
   * (pod logs, a deleted pod ends at once) and the namespace controller (a
   * deleted namespace goes with its contents at once); beside the bare
   * kube-apiserver nothing does.
   */
  controllers: 'simulated' | 'none';
  /** Writes lines to a container's log, where the target keeps pod logs itself. */
  writePodLog?(
    namespace: string,
    pod: string,
    container: string,
    lines: string[],
  ): void;
}

export interface ContractContext {
  target: ContractTarget;
  raw: RawKube;
  custom: CustomObjectsApi;
  /** A namespace of its own for one case (created where needed). */
  namespace(name: string): Promise<string>;
}

export function contractContext(target: ContractTarget): ContractContext {
  const kc = new KubeConfig();
  kc.loadFromString(target.kubeconfig);
  return {
    target,
    raw: new RawKube(kc),
    custom: kc.makeApiClient(CustomObjectsApi),
    namespace: async name => {
      await target.ensureNamespace(name);
      return name;
    },
  };
}

export const GROUP = 'openchoreo.dev';
export const VERSION = 'v1alpha1';
const base = `/apis/${GROUP}/${VERSION}`;
export const workflowsPath = (ns?: string, name?: string, sub?: string) =>
  `${base}${ns ? `/namespaces/${ns}` : ''}/workflows${name ? `/${name}` : ''}${
    sub ? `/${sub}` : ''
  }`;
const runsPath = (ns: string, name?: string) =>
  `${base}/namespaces/${ns}/workflowruns${name ? `/${name}` : ''}`;
const clusterWorkflowsPath = (name?: string) =>
  `${base}/clusterworkflows${name ? `/${name}` : ''}`;

/** A v0.x-style Workflow: no v1.x admission mutations apply, so objects compare as sent. */
export function workflow(
  namespace: string,
  name: string,
  extra: {
    labels?: Record<string, string>;
    finalizers?: string[];
    ttl?: string;
    generateName?: string;
  } = {},
): any {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Workflow',
    metadata: {
      ...(extra.generateName ? { generateName: extra.generateName } : { name }),
      namespace,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec: {
      schema: { parameters: { n: 'string' } },
      runTemplate: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name: '${ctx.workflowRunName}' },
        spec: { entrypoint: 'main' },
      },
      ...(extra.ttl ? { ttlAfterCompletion: extra.ttl } : {}),
    },
  };
}

async function create(ctx: ContractContext, obj: any) {
  const res = await ctx.raw.request(
    'POST',
    workflowsPath(obj.metadata.namespace),
    obj,
  );
  expect(res.status).toBe(201);
  return res.body;
}

export function expectStatus(
  res: { status: number; body: any },
  code: number,
  reason: string,
) {
  expect({ status: res.status, kind: res.body?.kind }).toEqual({
    status: code,
    kind: 'Status',
  });
  expect(res.body).toMatchObject({
    apiVersion: 'v1',
    status: 'Failure',
    reason,
    code,
  });
}

const names = (list: any) => list.items.map((o: any) => o.metadata.name).sort();

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Each case is a plain function so a test can also run it against a broken target. */
export const contractCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async 'create, get and list through client-node'(ctx) {
    const ns = await ctx.namespace('c-crud');
    const created: any = await ctx.custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: ns,
      plural: 'workflows',
      body: workflow(ns, 'one'),
    });
    expect(created.metadata).toMatchObject({
      name: 'one',
      namespace: ns,
      generation: 1,
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(typeof created.metadata.resourceVersion).toBe('string');
    expect(created.spec).toEqual(workflow(ns, 'one').spec);

    const got: any = await ctx.custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: ns,
      plural: 'workflows',
      name: 'one',
    });
    expect(got).toEqual(created);

    const list: any = await ctx.custom.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: ns,
      plural: 'workflows',
    });
    expect(list).toMatchObject({
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'WorkflowList',
    });
    expect(typeof list.metadata.resourceVersion).toBe('string');
    expect(names(list)).toEqual(['one']);
    expect(list.items[0]).toMatchObject({
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'Workflow',
    });
  },

  async 'cluster-scoped create, get and delete'(ctx) {
    const obj = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'ClusterWorkflow',
      metadata: { name: 'c-cluster-one' },
      spec: workflow('x', 'x').spec,
    };
    delete obj.spec.schema;
    obj.spec.runTemplate.metadata.namespace = '${metadata.namespace}';
    const created = await ctx.raw.request('POST', clusterWorkflowsPath(), obj);
    expect(created.status).toBe(201);
    expect(created.body.metadata.namespace).toBeUndefined();
    const got = await ctx.raw.request(
      'GET',
      clusterWorkflowsPath('c-cluster-one'),
    );
    expect(got.body.metadata.uid).toBe(created.body.metadata.uid);
    const del = await ctx.raw.request(
      'DELETE',
      clusterWorkflowsPath('c-cluster-one'),
    );
    expect(del.status).toBe(200);
    expectStatus(
      await ctx.raw.request('GET', clusterWorkflowsPath('c-cluster-one')),
      404,
      'NotFound',
    );
  },

  async 'update: new resourceVersion, same uid and creationTimestamp, generation on spec changes only'(
    ctx,
  ) {
    const ns = await ctx.namespace('c-update');
    const created = await create(ctx, workflow(ns, 'u'));
    const labelled = await ctx.raw.request('PUT', workflowsPath(ns, 'u'), {
      ...created,
      metadata: { ...created.metadata, labels: { a: 'b' } },
    });
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata).toMatchObject({
      uid: created.metadata.uid,
      creationTimestamp: created.metadata.creationTimestamp,
      generation: 1,
      labels: { a: 'b' },
    });
    expect(labelled.body.metadata.resourceVersion).not.toBe(
      created.metadata.resourceVersion,
    );
    const respec = await ctx.raw.request('PUT', workflowsPath(ns, 'u'), {
      ...labelled.body,
      spec: { ...labelled.body.spec, ttlAfterCompletion: '1h' },
    });
    expect(respec.status).toBe(200);
    expect(respec.body.metadata.generation).toBe(2);
    expect(respec.body.spec.ttlAfterCompletion).toBe('1h');

    // Custom resources need a resourceVersion on update.
    const noRv = await ctx.raw.request('PUT', workflowsPath(ns, 'u'), {
      ...respec.body,
      metadata: { ...respec.body.metadata, resourceVersion: undefined },
    });
    expectStatus(noRv, 422, 'Invalid');
    expect(noRv.body.details.causes).toEqual([
      expect.objectContaining({ field: 'metadata.resourceVersion' }),
    ]);
  },

  async 'update with a stale resourceVersion is 409 Conflict'(ctx) {
    const ns = await ctx.namespace('c-stale');
    const created = await create(ctx, workflow(ns, 'stale'));
    const first = await ctx.raw.request('PUT', workflowsPath(ns, 'stale'), {
      ...created,
      metadata: { ...created.metadata, labels: { round: '1' } },
    });
    expect(first.status).toBe(200);
    // Written again from the now stale object.
    const second = await ctx.raw.request('PUT', workflowsPath(ns, 'stale'), {
      ...created,
      metadata: { ...created.metadata, labels: { round: '2' } },
    });
    expectStatus(second, 409, 'Conflict');
    expect(second.body.message).toBe(
      'Operation cannot be fulfilled on workflows.openchoreo.dev "stale": ' +
        'the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(second.body.details).toMatchObject({
      name: 'stale',
      group: GROUP,
      kind: 'workflows',
    });
    // A merge patch with a stale resourceVersion is a failed precondition too.
    const patch = await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 'stale'),
      {
        metadata: {
          resourceVersion: created.metadata.resourceVersion,
          labels: { round: '3' },
        },
      },
      MERGE_PATCH,
    );
    expectStatus(patch, 409, 'Conflict');
    const got = await ctx.raw.request('GET', workflowsPath(ns, 'stale'));
    expect(got.body.metadata.labels).toEqual({ round: '1' });
  },

  async 'merge patch and JSON patch'(ctx) {
    const ns = await ctx.namespace('c-patch');
    const created = await create(
      ctx,
      workflow(ns, 'p', { labels: { keep: 'me', drop: 'me' } }),
    );
    const merged = await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 'p'),
      {
        metadata: { labels: { drop: null, added: 'yes' } },
        spec: { ttlAfterCompletion: '2h' },
      },
      MERGE_PATCH,
    );
    expect(merged.status).toBe(200);
    expect(merged.body.metadata.labels).toEqual({ keep: 'me', added: 'yes' });
    expect(merged.body.spec.ttlAfterCompletion).toBe('2h');
    expect(merged.body.spec.runTemplate).toEqual(created.spec.runTemplate);
    expect(merged.body.metadata.generation).toBe(2);

    const patched = await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 'p'),
      [
        { op: 'replace', path: '/spec/ttlAfterCompletion', value: '3h' },
        { op: 'add', path: '/metadata/annotations', value: { note: 'x' } },
        { op: 'remove', path: '/metadata/labels/keep' },
      ],
      JSON_PATCH,
    );
    expect(patched.status).toBe(200);
    expect(patched.body.spec.ttlAfterCompletion).toBe('3h');
    expect(patched.body.metadata.annotations).toEqual({ note: 'x' });
    expect(patched.body.metadata.labels).toEqual({ added: 'yes' });
    expect(Number(patched.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(merged.body.metadata.resourceVersion),
    );

    const missing = await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 'nope'),
      { metadata: { labels: { a: 'b' } } },
      MERGE_PATCH,
    );
    expectStatus(missing, 404, 'NotFound');
  },

  async 'delete, then 404 NotFound Status bodies'(ctx) {
    const ns = await ctx.namespace('c-delete');
    await create(ctx, workflow(ns, 'gone'));
    const del = await ctx.raw.request('DELETE', workflowsPath(ns, 'gone'));
    expect(del.status).toBe(200);
    for (const res of [
      await ctx.raw.request('GET', workflowsPath(ns, 'gone')),
      await ctx.raw.request('DELETE', workflowsPath(ns, 'gone')),
    ]) {
      expectStatus(res, 404, 'NotFound');
      expect(res.body.message).toBe(
        'workflows.openchoreo.dev "gone" not found',
      );
      expect(res.body.details).toEqual({
        name: 'gone',
        group: GROUP,
        kind: 'workflows',
      });
    }
  },

  async 'generateName and 409 AlreadyExists'(ctx) {
    const ns = await ctx.namespace('c-names');
    const generated = await create(
      ctx,
      workflow(ns, '', { generateName: 'gen-' }),
    );
    expect(generated.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(generated.metadata.generateName).toBe('gen-');

    await create(ctx, workflow(ns, 'dup'));
    const again = await ctx.raw.request(
      'POST',
      workflowsPath(ns),
      workflow(ns, 'dup'),
    );
    expectStatus(again, 409, 'AlreadyExists');
    expect(again.body.message).toBe(
      'workflows.openchoreo.dev "dup" already exists',
    );
    expect(again.body.details).toEqual({
      name: 'dup',
      group: GROUP,
      kind: 'workflows',
    });
  },

  async '422 Invalid with causes naming the field'(ctx) {
    const ns = await ctx.namespace('c-invalid');
    const bad = workflow(ns, 'bad', { ttl: 'soon' });
    const res = await ctx.raw.request('POST', workflowsPath(ns), bad);
    expectStatus(res, 422, 'Invalid');
    expect(res.body.details).toMatchObject({
      name: 'bad',
      group: GROUP,
      kind: 'Workflow',
    });
    expect(res.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueInvalid',
        field: 'spec.ttlAfterCompletion',
      }),
    ]);
    expect(res.body.message).toMatch(
      /^Workflow\.openchoreo\.dev "bad" is invalid: spec\.ttlAfterCompletion/,
    );

    const noTemplate = workflow(ns, 'bad2');
    delete noTemplate.spec.runTemplate;
    const required = await ctx.raw.request(
      'POST',
      workflowsPath(ns),
      noTemplate,
    );
    expectStatus(required, 422, 'Invalid');
    expect(required.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueRequired',
        field: 'spec.runTemplate',
      }),
    ]);

    const run = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'WorkflowRun',
      metadata: { name: 'bad-run', namespace: ns },
      spec: { workflow: { kind: 'Pipeline', name: 'w' } },
    };
    const notSupported = await ctx.raw.request('POST', runsPath(ns), run);
    expectStatus(notSupported, 422, 'Invalid');
    expect(notSupported.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueNotSupported',
        field: 'spec.workflow.kind',
      }),
    ]);
  },

  async 'CRD defaults: a v1.x run without spec.workflow.kind gets ClusterWorkflow'(
    ctx,
  ) {
    const ns = await ctx.namespace('c-defaults');
    const run = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'WorkflowRun',
      metadata: { name: 'defaulted', namespace: ns },
      spec: { workflow: { name: 'some-cluster-workflow' } },
    };
    const res = await ctx.raw.request('POST', runsPath(ns), run);
    expect(res.status).toBe(201);
    expect(res.body.spec.workflow).toEqual({
      kind: 'ClusterWorkflow',
      name: 'some-cluster-workflow',
    });
    const explicit = await ctx.raw.request('POST', runsPath(ns), {
      ...run,
      metadata: { name: 'explicit', namespace: ns },
      spec: { workflow: { kind: 'Workflow', name: 'w' } },
    });
    expect(explicit.body.spec.workflow.kind).toBe('Workflow');
  },

  async 'label selectors: =, !=, in, notin, exists, does not exist'(ctx) {
    const ns = await ctx.namespace('c-labels');
    await create(
      ctx,
      workflow(ns, 'red-a', { labels: { color: 'red', tier: 'a' } }),
    );
    await create(
      ctx,
      workflow(ns, 'blue-b', { labels: { color: 'blue', tier: 'b' } }),
    );
    await create(ctx, workflow(ns, 'green', { labels: { color: 'green' } }));
    await create(ctx, workflow(ns, 'plain'));
    const select = async (selector: string) => {
      const res = await ctx.raw.request(
        'GET',
        `${workflowsPath(ns)}?labelSelector=${encodeURIComponent(selector)}`,
      );
      expect(res.status).toBe(200);
      return names(res.body);
    };
    expect(await select('color=red')).toEqual(['red-a']);
    expect(await select('color==blue')).toEqual(['blue-b']);
    expect(await select('color!=red')).toEqual(['blue-b', 'green', 'plain']);
    expect(await select('color in (red,green)')).toEqual(['green', 'red-a']);
    expect(await select('color notin (red,green)')).toEqual([
      'blue-b',
      'plain',
    ]);
    expect(await select('tier')).toEqual(['blue-b', 'red-a']);
    expect(await select('!tier')).toEqual(['green', 'plain']);
    expect(await select('color,tier=b')).toEqual(['blue-b']);
  },

  async 'field selectors: metadata.name and metadata.namespace'(ctx) {
    const ns1 = await ctx.namespace('c-fields-1');
    const ns2 = await ctx.namespace('c-fields-2');
    await create(ctx, workflow(ns1, 'x'));
    await create(ctx, workflow(ns1, 'y'));
    await create(ctx, workflow(ns2, 'x'));
    const byName = await ctx.raw.request(
      'GET',
      `${workflowsPath(ns1)}?fieldSelector=metadata.name%3Dx`,
    );
    expect(names(byName.body)).toEqual(['x']);
    const byNamespace = await ctx.raw.request(
      'GET',
      `${workflowsPath()}?fieldSelector=metadata.namespace%3D${ns2}`,
    );
    expect(
      byNamespace.body.items.map(
        (o: any) => `${o.metadata.namespace}/${o.metadata.name}`,
      ),
    ).toEqual([`${ns2}/x`]);
    const both = await ctx.raw.request(
      'GET',
      `${workflowsPath()}?fieldSelector=${encodeURIComponent(
        `metadata.name=x,metadata.namespace!=${ns2}`,
      )}`,
    );
    expect(
      both.body.items.map(
        (o: any) => `${o.metadata.namespace}/${o.metadata.name}`,
      ),
    ).toEqual([`${ns1}/x`]);
  },

  async 'limit and continue page through a list'(ctx) {
    const ns = await ctx.namespace('c-paging');
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5'])
      await create(ctx, workflow(ns, n));
    const page1 = await ctx.raw.request('GET', `${workflowsPath(ns)}?limit=2`);
    expect(names(page1.body)).toEqual(['p1', 'p2']);
    expect(page1.body.metadata.remainingItemCount).toBe(3);
    expect(page1.body.metadata.continue).toEqual(expect.any(String));
    // Writes after the first page do not show in later pages (a consistent snapshot).
    await create(ctx, workflow(ns, 'p6'));
    const page2 = await ctx.raw.request(
      'GET',
      `${workflowsPath(ns)}?limit=2&continue=${encodeURIComponent(
        page1.body.metadata.continue,
      )}`,
    );
    expect(names(page2.body)).toEqual(['p3', 'p4']);
    expect(page2.body.metadata.remainingItemCount).toBe(1);
    expect(page2.body.metadata.resourceVersion).toBe(
      page1.body.metadata.resourceVersion,
    );
    const page3 = await ctx.raw.request(
      'GET',
      `${workflowsPath(ns)}?limit=2&continue=${encodeURIComponent(
        page2.body.metadata.continue,
      )}`,
    );
    expect(names(page3.body)).toEqual(['p5']);
    expect(page3.body.metadata.continue).toBeFalsy();
    expect(page3.body.metadata.remainingItemCount).toBeUndefined();
  },

  async 'status subresource: status ignored on main writes, spec ignored on status writes'(
    ctx,
  ) {
    const ns = await ctx.namespace('c-status');
    const obj = workflow(ns, 's');
    obj.status = { conditions: [{ type: 'Ready', status: 'True' }] };
    const created = await create(ctx, obj);
    expect(created.status).toBeUndefined();

    const status = { conditions: [{ type: 'Ready', status: 'False' }] };
    const viaStatus = await ctx.raw.request(
      'PUT',
      workflowsPath(ns, 's', 'status'),
      {
        ...created,
        spec: { ...created.spec, ttlAfterCompletion: '9h' },
        status,
      },
    );
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.body.status).toEqual(status);
    expect(viaStatus.body.spec.ttlAfterCompletion).toBeUndefined();
    expect(viaStatus.body.metadata.generation).toBe(1);

    const viaMain = await ctx.raw.request('PUT', workflowsPath(ns, 's'), {
      ...viaStatus.body,
      spec: { ...viaStatus.body.spec, ttlAfterCompletion: '1h' },
      status: { conditions: [] },
    });
    expect(viaMain.status).toBe(200);
    expect(viaMain.body.status).toEqual(status);
    expect(viaMain.body.spec.ttlAfterCompletion).toBe('1h');

    const patched = await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 's', 'status'),
      {
        status: { conditions: [{ type: 'Done', status: 'True' }] },
        spec: { ttlAfterCompletion: '5h' },
      },
      MERGE_PATCH,
    );
    expect(patched.status).toBe(200);
    expect(patched.body.status.conditions).toEqual([
      { type: 'Done', status: 'True' },
    ]);
    expect(patched.body.spec.ttlAfterCompletion).toBe('1h');
  },

  async 'finalizers hold a deletion with deletionTimestamp until removed'(ctx) {
    const ns = await ctx.namespace('c-finalizers');
    await create(
      ctx,
      workflow(ns, 'held', { finalizers: ['example.com/hold'] }),
    );
    const del = await ctx.raw.request('DELETE', workflowsPath(ns, 'held'));
    expect(del.status).toBe(200);
    const marked = await ctx.raw.request('GET', workflowsPath(ns, 'held'));
    expect(marked.status).toBe(200);
    expect(marked.body.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(marked.body.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(marked.body.metadata.finalizers).toEqual(['example.com/hold']);
    // Deleting again changes nothing.
    const again = await ctx.raw.request('DELETE', workflowsPath(ns, 'held'));
    expect(again.status).toBe(200);
    const released = await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 'held'),
      { metadata: { finalizers: null } },
      MERGE_PATCH,
    );
    expect(released.status).toBe(200);
    expectStatus(
      await ctx.raw.request('GET', workflowsPath(ns, 'held')),
      404,
      'NotFound',
    );
  },

  async 'watch from a resourceVersion: ADDED, MODIFIED, DELETED in order'(ctx) {
    const ns = await ctx.namespace('c-watch');
    await create(ctx, workflow(ns, 'before'));
    const list = await ctx.raw.request('GET', workflowsPath(ns));
    const rv = list.body.metadata.resourceVersion;
    const watch = ctx.raw.watch(
      `${workflowsPath(ns)}?watch=true&resourceVersion=${rv}`,
      events => events.some(e => e.type === 'DELETED'),
      15_000,
    );
    await create(ctx, workflow(ns, 'w'));
    await ctx.raw.request(
      'PATCH',
      workflowsPath(ns, 'w'),
      { metadata: { labels: { changed: 'yes' } } },
      MERGE_PATCH,
    );
    await ctx.raw.request('DELETE', workflowsPath(ns, 'w'));
    const { status, events } = await watch.result;
    expect(status).toBe(200);
    expect(events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'w'],
      ['MODIFIED', 'w'],
      ['DELETED', 'w'],
    ]);
    expect(events[1].object.metadata.labels).toEqual({ changed: 'yes' });
    const rvs = events.map(e => Number(e.object.metadata.resourceVersion));
    expect(rvs[0]).toBeGreaterThan(Number(rv));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  },

  async 'bookmarks with allowWatchBookmarks'(ctx) {
    const ns = await ctx.namespace('c-bookmarks');
    const elsewhere = await ctx.namespace('c-bookmarks-elsewhere');
    const created = await create(ctx, workflow(ns, 'b'));
    // The apiserver sends a bookmark 2 s before a watch's timeout, once the store moved on.
    const watch = ctx.raw.watch(
      `${workflowsPath(
        ns,
      )}?watch=true&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=${
        created.metadata.resourceVersion
      }`,
      events => events.some(e => e.type === 'BOOKMARK'),
      8_000,
    );
    await watch.ready;
    const later = await create(ctx, workflow(elsewhere, 'later'));
    const { status, events } = await watch.result;
    expect(status).toBe(200);
    const bookmark = events.find(e => e.type === 'BOOKMARK');
    expect(bookmark).toBeDefined();
    expect(bookmark!.object).toMatchObject({
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'Workflow',
      metadata: { resourceVersion: expect.any(String) },
    });
    expect(
      Number(bookmark!.object.metadata.resourceVersion),
    ).toBeGreaterThanOrEqual(Number(later.metadata.resourceVersion));
    expect(events.filter(e => e.type !== 'BOOKMARK')).toEqual([]);
  },

  async 'watch from an expired resourceVersion: 410 Expired'(ctx) {
    const { target, release } = await ctx.target.expiring();
    try {
      const expiring = contractContext(target);
      const ns = await expiring.namespace('c-expired');
      const first = await create(expiring, workflow(ns, 'first'));
      const rv = first.metadata.resourceVersion;
      let events: WatchEvent[] = [];
      let status = 0;
      for (let i = 0; ; i++) {
        if (i > 60) throw new Error(`no 410 after ${i} writes`);
        await create(expiring, workflow(ns, `w-${i}`));
        await sleep(i === 0 ? 0 : 500);
        ({ status, events } = await expiring.raw.watch(
          `${workflowsPath(ns)}?watch=true&resourceVersion=${rv}`,
          evs => evs.some(e => e.type === 'ERROR'),
          1_000,
        ).result);
        if (events.some(e => e.type === 'ERROR')) break;
      }
      // A 200 watch whose ERROR event carries the 410 Status.
      expect(status).toBe(200);
      const error = events.find(e => e.type === 'ERROR')!;
      expect(error.object).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Expired',
        code: 410,
      });
    } finally {
      await release();
    }
  },
};
