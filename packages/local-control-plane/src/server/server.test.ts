import { Watch } from '@kubernetes/client-node';
import {
  apiError,
  ARGO,
  OC,
  startTestPlane,
  TestPlane,
  waitFor,
} from '../__testUtils__/plane';

const wfTemplate = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'WorkflowTemplate',
  metadata: { name, labels },
  spec: {
    entrypoint: 'main',
    templates: [{ name: 'main', container: { image: 'alpine' } }],
  },
});

const v1Workflow = (name: string) => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Workflow',
  metadata: { name },
  spec: {
    parameters: { openAPIV3Schema: { type: 'object', properties: {} } },
    runTemplate: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: '${metadata.workflowRunName}',
        namespace: '${metadata.namespace}',
      },
      spec: { workflowTemplateRef: { name: 'none', clusterScope: true } },
    },
  },
});

const WT = { ...ARGO, plural: 'workflowtemplates' };

describe('local control plane API server', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('serves discovery, version and health', async () => {
    expect(await (await t.http('/healthz')).text()).toBe('ok');
    expect(await (await t.http('/readyz')).text()).toBe('ok');
    expect((await (await t.http('/version')).json()).major).toBe('1');
    expect((await (await t.http('/api')).json()).versions).toEqual(['v1']);
    const groups = await (await t.http('/apis')).json();
    expect(groups.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining(['openchoreo.dev', 'argoproj.io']),
    );
    const oc = await (await t.http('/apis/openchoreo.dev/v1alpha1')).json();
    expect(oc.kind).toBe('APIResourceList');
    expect(oc.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'workflowruns',
          namespaced: true,
          kind: 'WorkflowRun',
        }),
        expect.objectContaining({ name: 'workflowruns/status' }),
        expect.objectContaining({
          name: 'clusterworkflows',
          namespaced: false,
          shortNames: ['cwf', 'cwfs'],
        }),
      ]),
    );
    const core = await (await t.http('/api/v1')).json();
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining(['namespaces', 'pods', 'pods/log', 'events']),
    );
    const missing = await t.http('/apis/nope.dev/v1');
    expect(missing.status).toBe(404);
    expect((await missing.json()).kind).toBe('Status');
  });

  it('creates, reads, replaces and deletes namespaced objects with server-set metadata', async () => {
    const created: any = await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('crud-a'),
    });
    expect(created.metadata).toEqual(
      expect.objectContaining({
        name: 'crud-a',
        namespace: 'default',
        generation: 1,
        uid: expect.any(String),
        resourceVersion: expect.any(String),
      }),
    );
    expect(created.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );

    const got: any = await t.custom.getNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'crud-a',
    });
    expect(got.metadata.uid).toBe(created.metadata.uid);

    got.spec.entrypoint = 'other';
    const replaced: any = await t.custom.replaceNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'crud-a',
      body: got,
    });
    expect(replaced.metadata.generation).toBe(2);
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );

    // A stale resourceVersion is a 409 Conflict.
    const stale = await apiError(
      t.custom.replaceNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        name: 'crud-a',
        body: got,
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body).toEqual(
      expect.objectContaining({
        kind: 'Status',
        reason: 'Conflict',
        code: 409,
      }),
    );
    expect(stale.body.message).toContain('the object has been modified');

    // Metadata-only changes do not bump the generation.
    replaced.metadata.labels = { touched: 'yes' };
    const relabelled: any = await t.custom.replaceNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'crud-a',
      body: replaced,
    });
    expect(relabelled.metadata.generation).toBe(2);

    const dup = await apiError(
      t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate('crud-a'),
      }),
    );
    expect(dup.code).toBe(409);
    expect(dup.body.reason).toBe('AlreadyExists');
    expect(dup.body.message).toBe(
      'workflowtemplates.argoproj.io "crud-a" already exists',
    );

    await t.custom.deleteNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'crud-a',
    });
    const gone = await apiError(
      t.custom.getNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        name: 'crud-a',
      }),
    );
    expect(gone.code).toBe(404);
    expect(gone.body).toEqual(
      expect.objectContaining({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        message: 'workflowtemplates.argoproj.io "crud-a" not found',
        details: expect.objectContaining({
          name: 'crud-a',
          group: 'argoproj.io',
          kind: 'workflowtemplates',
        }),
      }),
    );
  });

  it('supports generateName, cluster-scoped objects and missing namespaces', async () => {
    const generated: any = await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: { ...wfTemplate(''), metadata: { generateName: 'gen-' } },
    });
    expect(generated.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);

    const cwf: any = await t.custom.createClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      body: { ...v1Workflow('cluster-one'), kind: 'ClusterWorkflow' },
    });
    expect(cwf.metadata.namespace).toBeUndefined();
    // v1.x CRD default and mutating webhook.
    expect(cwf.spec.workflowPlaneRef).toEqual({
      kind: 'ClusterWorkflowPlane',
      name: 'default',
    });
    expect(cwf.spec.runTemplate.spec.serviceAccountName).toBe('workflow-sa');
    const list: any = await t.custom.listClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
    });
    expect(list.items.map((i: any) => i.metadata.name)).toContain(
      'cluster-one',
    );

    const noNs = await apiError(
      t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'nowhere',
        body: wfTemplate('x'),
      }),
    );
    expect(noNs.code).toBe(404);
    expect(noNs.body.message).toBe('namespaces "nowhere" not found');
  });

  it('rejects invalid objects with 422 Invalid naming the fields', async () => {
    const bad = await apiError(
      t.custom.createNamespacedCustomObject({
        ...OC,
        namespace: 'default',
        plural: 'workflowruns',
        body: {
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'WorkflowRun',
          metadata: { name: 'bad-run' },
          spec: { workflow: { kind: 'Pipeline' } },
        },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    expect(bad.body.details.kind).toBe('WorkflowRun');
    expect(bad.body.details.causes).toEqual(
      expect.arrayContaining([
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.workflow.name',
        },
        expect.objectContaining({
          reason: 'FieldValueNotSupported',
          field: 'spec.workflow.kind',
        }),
      ]),
    );
    expect(bad.body.message).toContain(
      'WorkflowRun.openchoreo.dev "bad-run" is invalid',
    );

    const badName = await apiError(
      t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate('Not_Valid'),
      }),
    );
    expect(badName.code).toBe(422);
    expect(badName.body.details.causes[0].field).toBe('metadata.name');

    const badTemplate = await apiError(
      t.custom.createNamespacedCustomObject({
        ...OC,
        namespace: 'default',
        plural: 'workflows',
        body: {
          ...v1Workflow('bad-ns'),
          spec: {
            runTemplate: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              metadata: { name: 'x', namespace: 'elsewhere' },
            },
          },
        },
      }),
    );
    expect(badTemplate.code).toBe(422);
    expect(badTemplate.body.details.causes[0].field).toBe(
      'spec.runTemplate.metadata.namespace',
    );
  });

  it('defaults spec.workflow.kind only for v1.x-style runs and keeps it immutable', async () => {
    const runs = { ...OC, namespace: 'default', plural: 'workflowruns' };
    const annotations = { 'local.openchoreo.dev/step-seconds': '0' };
    const v1: any = await t.custom.createNamespacedCustomObject({
      ...runs,
      body: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        metadata: { name: 'kindless-v1', annotations },
        spec: { workflow: { name: 'whatever' } },
      },
    });
    expect(v1.spec.workflow.kind).toBe('ClusterWorkflow');
    const v0: any = await t.custom.createNamespacedCustomObject({
      ...runs,
      body: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        metadata: {
          name: 'kindless-v0',
          annotations: {
            ...annotations,
            'local.openchoreo.dev/api-generation': 'v0',
          },
        },
        spec: { workflow: { name: 'whatever' } },
      },
    });
    expect(v0.spec.workflow.kind).toBeUndefined();
    const immutable = await apiError(
      t.custom.patchNamespacedCustomObject({
        ...runs,
        name: 'kindless-v1',
        body: [
          { op: 'replace', path: '/spec/workflow/kind', value: 'Workflow' },
        ],
      }),
    );
    expect(immutable.code).toBe(422);
    expect(immutable.body.details.causes[0]).toEqual(
      expect.objectContaining({
        field: 'spec.workflow.kind',
        message: expect.stringContaining('kind is immutable'),
      }),
    );
  });

  it('patches with JSON patch, merge patch and strategic merge (as merge)', async () => {
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('patch-me', { a: '1' }),
    });
    const jsonPatched: any = await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'patch-me',
      body: [{ op: 'add', path: '/metadata/labels/b', value: '2' }],
    });
    expect(jsonPatched.metadata.labels).toEqual({ a: '1', b: '2' });
    for (const ct of [
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]) {
      const res = await t.http(
        '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates/patch-me',
        {
          method: 'PATCH',
          headers: { 'Content-Type': ct },
          body: JSON.stringify({
            metadata: {
              labels: { a: null, c: ct.includes('strategic') ? 's' : 'm' },
            },
          }),
        },
      );
      expect(res.status).toBe(200);
    }
    const after: any = await t.custom.getNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'patch-me',
    });
    expect(after.metadata.labels).toEqual({ b: '2', c: 's' });
    const stale = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates/patch-me',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: { resourceVersion: '1', labels: { d: '1' } },
        }),
      },
    );
    expect(stale.status).toBe(409);
  });

  it('filters with label and field selectors', async () => {
    const mk = (name: string, labels: Record<string, string>) =>
      t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(name, { suite: 'sel', ...labels }),
      });
    await mk('sel-a', { tier: 'web', env: 'prod' });
    await mk('sel-b', { tier: 'db', env: 'dev' });
    await mk('sel-c', { tier: 'web' });
    const names = async (labelSelector: string, fieldSelector?: string) =>
      (
        (await t.custom.listNamespacedCustomObject({
          ...WT,
          namespace: 'default',
          labelSelector: `suite=sel,${labelSelector}`,
          fieldSelector,
        })) as any
      ).items
        .map((i: any) => i.metadata.name)
        .sort();
    expect(await names('tier=web')).toEqual(['sel-a', 'sel-c']);
    expect(await names('tier==db')).toEqual(['sel-b']);
    expect(await names('tier!=web')).toEqual(['sel-b']);
    expect(await names('env in (prod,dev)')).toEqual(['sel-a', 'sel-b']);
    expect(await names('env notin (prod)')).toEqual(['sel-b', 'sel-c']);
    expect(await names('env')).toEqual(['sel-a', 'sel-b']);
    expect(await names('!env')).toEqual(['sel-c']);
    expect(await names('tier', 'metadata.name=sel-b')).toEqual(['sel-b']);
    expect(
      await names('tier', 'metadata.name!=sel-b,metadata.namespace=default'),
    ).toEqual(['sel-a', 'sel-c']);
    const bad = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates?labelSelector=a%20in%20b',
    );
    expect(bad.status).toBe(400);
  });

  it('pages lists with limit and continue', async () => {
    for (let i = 0; i < 5; i++) {
      await t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(`page-${i}`, { suite: 'page' }),
      });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    const remaining: number[] = [];
    do {
      const page: any = await t.custom.listNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        labelSelector: 'suite=page',
        limit: 2,
        _continue: token,
      });
      seen.push(...page.items.map((i: any) => i.metadata.name));
      token = page.metadata.continue || undefined;
      if (token) remaining.push(page.metadata.remainingItemCount);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(remaining).toEqual([3, 1]);
    expect(seen).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('writes status only through the /status subresource', async () => {
    const wfs = { ...OC, namespace: 'default', plural: 'workflows' };
    const created: any = await t.custom.createNamespacedCustomObject({
      ...wfs,
      body: {
        ...v1Workflow('status-wf'),
        status: { conditions: [{ type: 'Ignored' }] },
      },
    });
    expect(created.status).toBeUndefined();
    created.status = {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'R',
          message: 'm',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const viaMain: any = await t.custom.replaceNamespacedCustomObject({
      ...wfs,
      name: 'status-wf',
      body: created,
    });
    expect(viaMain.status).toBeUndefined();
    const viaStatus: any = await t.custom.replaceNamespacedCustomObjectStatus({
      ...wfs,
      name: 'status-wf',
      body: { ...viaMain, status: created.status, spec: { changed: true } },
    });
    expect(viaStatus.status.conditions[0].type).toBe('Ready');
    expect(viaStatus.spec.runTemplate).toBeDefined(); // spec changes through /status are ignored
    expect(viaStatus.metadata.generation).toBe(1);
    const patched: any = await t.custom.patchNamespacedCustomObjectStatus({
      ...wfs,
      name: 'status-wf',
      body: [
        {
          op: 'replace',
          path: '/status/conditions/0/reason',
          value: 'Patched',
        },
      ],
    });
    expect(patched.status.conditions[0].reason).toBe('Patched');
    const mainAgain: any = await t.custom.getNamespacedCustomObject({
      ...wfs,
      name: 'status-wf',
    });
    mainAgain.status = {};
    const kept: any = await t.custom.replaceNamespacedCustomObject({
      ...wfs,
      name: 'status-wf',
      body: mainAgain,
    });
    expect(kept.status.conditions[0].reason).toBe('Patched');
  });

  it('marks objects with finalizers for deletion and deletes them when the last finalizer goes', async () => {
    const body = {
      ...wfTemplate('final'),
      metadata: {
        name: 'final',
        finalizers: ['example.com/a', 'example.com/b'],
      },
    };
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body,
    });
    const marked: any = await t.custom.deleteNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'final',
    });
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const still: any = await t.custom.getNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'final',
    });
    expect(still.metadata.deletionTimestamp).toBe(
      marked.metadata.deletionTimestamp,
    );
    const added = await apiError(
      t.custom.patchNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        name: 'final',
        body: [
          { op: 'add', path: '/metadata/finalizers/-', value: 'example.com/c' },
        ],
      }),
    );
    expect(added.code).toBe(403);
    await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'final',
      body: [{ op: 'remove', path: '/metadata/finalizers/0' }],
    });
    expect(
      t.plane.store.tryGet(
        t.plane.store.registry.get('argoproj.io', 'workflowtemplates'),
        'default',
        'final',
      ),
    ).toBeDefined();
    await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'final',
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    expect(
      (
        await apiError(
          t.custom.getNamespacedCustomObject({
            ...WT,
            namespace: 'default',
            name: 'final',
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('watches from a resourceVersion with bookmarks, selectors and timeoutSeconds', async () => {
    const start: any = await t.custom.listNamespacedCustomObject({
      ...WT,
      namespace: 'default',
    });
    const rv = start.metadata.resourceVersion;
    const events: Array<{ type: string; name?: string; rv: string }> = [];
    const watch = new Watch(t.kc);
    const controller = await watch.watch(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates',
      {
        resourceVersion: rv,
        allowWatchBookmarks: true,
        labelSelector: 'suite=watch',
      },
      (type, obj) =>
        events.push({
          type,
          name: obj.metadata?.name,
          rv: obj.metadata?.resourceVersion,
        }),
      () => undefined,
    );
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('w-1', { suite: 'watch' }),
    });
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('w-other', { suite: 'other' }),
    });
    await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'w-1',
      body: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }],
    });
    // Leaving the selector is a DELETED event for this watch.
    await t.custom.patchNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      name: 'w-1',
      body: [{ op: 'replace', path: '/metadata/labels/suite', value: 'gone' }],
    });
    await waitFor(
      () => events.some(e => e.type === 'DELETED'),
      5000,
      'the DELETED event',
    );
    const afterDelete = events.length;
    await waitFor(
      () => events.slice(afterDelete).some(e => e.type === 'BOOKMARK'),
      5000,
      'a bookmark',
    );
    controller.abort();
    const changes = events.filter(e => e.type !== 'BOOKMARK');
    expect(changes.map(e => `${e.type}:${e.name}`)).toEqual([
      'ADDED:w-1',
      'MODIFIED:w-1',
      'DELETED:w-1',
    ]);
    const bookmark = events
      .slice(afterDelete)
      .find(e => e.type === 'BOOKMARK')!;
    expect(Number(bookmark.rv)).toBeGreaterThanOrEqual(Number(changes[2].rv));

    // Resuming from the first event's version replays what came after it.
    const replay = await (
      await t.http(
        `/apis/argoproj.io/v1alpha1/watch/namespaces/default/workflowtemplates?resourceVersion=${changes[0].rv}&fieldSelector=metadata.name%3Dw-1&timeoutSeconds=1`,
      )
    ).text();
    const replayed = replay
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(replayed.map(e => e.type)).toEqual(['MODIFIED', 'MODIFIED']);
  });

  it('starts a watch without resourceVersion with the current objects', async () => {
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('initial-1', { suite: 'initial' }),
    });
    const res = await t.http(
      '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates?watch=true&labelSelector=suite%3Dinitial&timeoutSeconds=1',
    );
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        type: 'ADDED',
        object: expect.objectContaining({
          metadata: expect.objectContaining({ name: 'initial-1' }),
        }),
      }),
    ]);
  });

  it('answers 410 Gone as an ERROR event for versions older than the history window', async () => {
    const first: any = await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('old-1'),
    });
    t.plane.store.setWatchHistorySize(3);
    for (let i = 0; i < 5; i++) {
      await t.custom.createNamespacedCustomObject({
        ...WT,
        namespace: 'default',
        body: wfTemplate(`old-fill-${i}`),
      });
    }
    const events: Array<{ type: string; obj: any }> = [];
    const watch = new Watch(t.kc);
    const ended = new Promise<unknown>(resolve => {
      watch.watch(
        '/apis/argoproj.io/v1alpha1/namespaces/default/workflowtemplates',
        { resourceVersion: first.metadata.resourceVersion },
        (type, obj) => events.push({ type, obj }),
        err => resolve(err),
      );
    });
    await ended;
    t.plane.store.setWatchHistorySize(1000);
    expect(events).toEqual([
      {
        type: 'ERROR',
        obj: expect.objectContaining({
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: expect.stringContaining('too old resource version'),
        }),
      },
    ]);
  });

  it('serves pod logs with container, tailLines, timestamps, sinceTime and follow', async () => {
    const { store, logs } = t.plane;
    const pods = store.registry.get('', 'pods');
    store.create(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'logger', namespace: 'default' },
      spec: {
        containers: [
          { name: 'main', image: 'x' },
          { name: 'side', image: 'y' },
        ],
      },
    } as any);
    const t0 = new Date(Date.now() - 60000);
    logs.append('default', 'logger', 'main', 'old line', t0);
    logs.append('default', 'logger', 'main', 'line one');
    logs.append('default', 'logger', 'main', 'line two');
    logs.append('default', 'logger', 'side', 'sidecar');

    const noContainer = await apiError(
      t.core.readNamespacedPodLog({ name: 'logger', namespace: 'default' }),
    );
    expect(noContainer.code).toBe(400);
    expect(
      await t.core.readNamespacedPodLog({
        name: 'logger',
        namespace: 'default',
        container: 'side',
      }),
    ).toBe('sidecar\n');
    expect(
      await t.core.readNamespacedPodLog({
        name: 'logger',
        namespace: 'default',
        container: 'main',
        tailLines: 1,
      }),
    ).toBe('line two\n');
    const since = new Date(t0.getTime() + 1000).toISOString();
    const recent = await (
      await t.http(
        `/api/v1/namespaces/default/pods/logger/log?container=main&sinceTime=${since}`,
      )
    ).text();
    expect(recent).toBe('line one\nline two\n');
    const stamped = await t.core.readNamespacedPodLog({
      name: 'logger',
      namespace: 'default',
      container: 'main',
      timestamps: true,
      tailLines: 1,
    });
    expect(stamped).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line two\n$/,
    );

    const res = await t.http(
      '/api/v1/namespaces/default/pods/logger/log?container=main&follow=true&tailLines=1',
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil('line two');
    logs.append('default', 'logger', 'main', 'line three');
    await readUntil('line three');
    logs.close('default', 'logger', 'main');
    const end = await reader.read();
    while (!(await reader.read()).done) {
      // drain
    }
    expect(text + (end.value ? decoder.decode(end.value) : '')).toBe(
      'line two\nline three\n',
    );
  });

  it('lists core objects across namespaces', async () => {
    const ns = await t.core.createNamespace({
      body: { metadata: { name: 'team-a' } },
    });
    expect(ns.status?.phase).toBe('Active');
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'team-a',
      body: wfTemplate('in-team-a', { suite: 'xns' }),
    });
    await t.custom.createNamespacedCustomObject({
      ...WT,
      namespace: 'default',
      body: wfTemplate('in-default', { suite: 'xns' }),
    });
    const all: any = await t.custom.listClusterCustomObject({
      ...WT,
      labelSelector: 'suite=xns',
    });
    expect(
      all.items
        .map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)
        .sort(),
    ).toEqual(['default/in-default', 'team-a/in-team-a']);
    await t.core.deleteNamespace({ name: 'team-a' });
    const after: any = await t.custom.listClusterCustomObject({
      ...WT,
      labelSelector: 'suite=xns',
    });
    expect(after.items).toHaveLength(1);
  });
});
