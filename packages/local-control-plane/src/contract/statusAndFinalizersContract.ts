/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts and deviation.test.ts (see kubeContract.ts). */
import { MERGE_PATCH } from './kubeClient';
import { ContractContext } from './contractTarget';
import {
  workflowsPath,
  workflow,
  createWorkflow,
  expectStatus,
} from './workflowObjects';

/** The status subresource and finalizers holding a deletion. */
export const statusAndFinalizerCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async 'status subresource: status ignored on main writes, spec ignored on status writes'(
    ctx,
  ) {
    const ns = await ctx.namespace('c-status');
    const obj = workflow(ns, 's');
    obj.status = { conditions: [{ type: 'Ready', status: 'True' }] };
    const created = await createWorkflow(ctx, obj);
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
    await createWorkflow(
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
};
