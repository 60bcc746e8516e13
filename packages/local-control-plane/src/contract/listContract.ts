/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts and deviation.test.ts (see kubeContract.ts). */
import { ContractContext } from './contractTarget';
import {
  workflowsPath,
  workflow,
  createWorkflow,
  names,
} from './workflowObjects';

/** Listing: label and field selectors, and paging with limit and continue. */
export const listCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async 'label selectors: =, !=, in, notin, exists, does not exist'(ctx) {
    const ns = await ctx.namespace('c-labels');
    await createWorkflow(
      ctx,
      workflow(ns, 'red-a', { labels: { color: 'red', tier: 'a' } }),
    );
    await createWorkflow(
      ctx,
      workflow(ns, 'blue-b', { labels: { color: 'blue', tier: 'b' } }),
    );
    await createWorkflow(
      ctx,
      workflow(ns, 'green', { labels: { color: 'green' } }),
    );
    await createWorkflow(ctx, workflow(ns, 'plain'));
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
    await createWorkflow(ctx, workflow(ns1, 'x'));
    await createWorkflow(ctx, workflow(ns1, 'y'));
    await createWorkflow(ctx, workflow(ns2, 'x'));
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
      await createWorkflow(ctx, workflow(ns, n));
    const page1 = await ctx.raw.request('GET', `${workflowsPath(ns)}?limit=2`);
    expect(names(page1.body)).toEqual(['p1', 'p2']);
    expect(page1.body.metadata.remainingItemCount).toBe(3);
    expect(page1.body.metadata.continue).toEqual(expect.any(String));
    // Writes after the first page do not show in later pages (a consistent snapshot).
    await createWorkflow(ctx, workflow(ns, 'p6'));
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
};
