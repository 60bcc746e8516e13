/* eslint-disable jest/no-standalone-expect --
 * Test-only module: its cases run inside contract.test.ts and deviation.test.ts (see kubeContract.ts). */
import { MERGE_PATCH, WatchEvent } from './kubeClient';
import { ContractContext, contractContext } from './contractTarget';
import {
  GROUP,
  VERSION,
  workflowsPath,
  workflow,
  createWorkflow,
  sleep,
} from './workflowObjects';

/** Watches: events in order from a resourceVersion, bookmarks, and 410 Expired. */
export const watchCases: Record<
  string,
  (ctx: ContractContext) => Promise<void>
> = {
  async 'watch from a resourceVersion: ADDED, MODIFIED, DELETED in order'(ctx) {
    const ns = await ctx.namespace('c-watch');
    await createWorkflow(ctx, workflow(ns, 'before'));
    const list = await ctx.raw.request('GET', workflowsPath(ns));
    const rv = list.body.metadata.resourceVersion;
    const watch = ctx.raw.watch(
      `${workflowsPath(ns)}?watch=true&resourceVersion=${rv}`,
      events => events.some(e => e.type === 'DELETED'),
      15_000,
    );
    await createWorkflow(ctx, workflow(ns, 'w'));
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
    const created = await createWorkflow(ctx, workflow(ns, 'b'));
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
    const later = await createWorkflow(ctx, workflow(elsewhere, 'later'));
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
      const first = await createWorkflow(expiring, workflow(ns, 'first'));
      const rv = first.metadata.resourceVersion;
      let events: WatchEvent[] = [];
      let status = 0;
      for (let i = 0; ; i++) {
        if (i > 60) throw new Error(`no 410 after ${i} writes`);
        await createWorkflow(expiring, workflow(ns, `w-${i}`));
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
