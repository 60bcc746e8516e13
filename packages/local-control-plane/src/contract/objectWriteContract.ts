/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts and deviation.test.ts (see kubeContract.ts). */
import { JSON_PATCH, MERGE_PATCH } from './kubeClient';
import { ContractContext } from './contractTarget';
import {
  GROUP,
  VERSION,
  workflowsPath,
  clusterWorkflowsPath,
  workflow,
  createWorkflow,
  expectStatus,
  names,
} from './workflowObjects';

/** Create, read, update, patch and delete: the object metadata and the Status bodies of failures. */
export const objectWriteCases: Record<
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
    const created = await createWorkflow(ctx, workflow(ns, 'u'));
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
    const created = await createWorkflow(ctx, workflow(ns, 'stale'));
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
    const created = await createWorkflow(
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
    await createWorkflow(ctx, workflow(ns, 'gone'));
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
    const generated = await createWorkflow(
      ctx,
      workflow(ns, '', { generateName: 'gen-' }),
    );
    expect(generated.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(generated.metadata.generateName).toBe('gen-');

    await createWorkflow(ctx, workflow(ns, 'dup'));
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
};
