import {
  apiError,
  OC,
  startTestPlane,
  TestPlane,
} from '../../__testUtils__/plane';
import { WT, wfTemplate, v1Workflow } from '../../__testUtils__/objects';

describe('local control plane objects', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startTestPlane({ bookmarkIntervalMs: 100, stepSeconds: 0.05 });
  });
  afterAll(async () => {
    await t.plane.stop();
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
    expect(viaStatus.spec).toEqual(created.spec); // spec changes through /status are ignored
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
    expect(marked.metadata.deletionTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
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
    // One finalizer left: still there, still marked.
    expect(
      t.plane.store.tryGet(
        t.plane.store.registry.get('argoproj.io', 'workflowtemplates'),
        'default',
        'final',
      )?.metadata,
    ).toMatchObject({
      deletionTimestamp: marked.metadata.deletionTimestamp,
      finalizers: ['example.com/b'],
    });
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
