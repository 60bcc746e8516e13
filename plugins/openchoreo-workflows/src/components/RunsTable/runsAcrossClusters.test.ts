import type { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { http, HttpResponse } from 'msw';
import {
  API,
  errorBody,
  mswServer,
  runSummary,
  testClient,
} from '../../testUtils';
import { AcrossCursor, listRunsAcross } from './runsAcrossClusters';

/*
 * listRunsAcross with the real client against a backend of two clusters
 * whose runs alternate in time (x's at odd seconds, y's at even ones), each
 * paged as the backend pages (history.ts): newest first by creation time
 * then name, the cursor being the position of the page's last run, so a
 * page resumes after it whatever was added or removed before.
 */
const COUNT = 8;
const at = (second: number) =>
  `2026-11-30T10:00:${String(second).padStart(2, '0')}Z`;
const runs = (cluster: 'x' | 'y') =>
  Array.from({ length: COUNT }, (_, i) => {
    const second = 2 * (COUNT - i) + (cluster === 'x' ? 1 : 0);
    return runSummary({
      cluster,
      name: `${cluster}${second}`,
      createdAt: at(second),
    });
  });

/** A run's place in its cluster's list: greater is newer. */
const positionOf = (r: RunSummary) => `${r.createdAt}|${r.name}`;

describe('listRunsAcross', () => {
  const server = mswServer();
  /** Clusters that answer 503 while in the set. */
  const down = new Set<string>();
  /** Each cluster's runs (tests add and remove some). */
  const stored: Record<string, RunSummary[]> = {};
  /** Clusters whose answer waits for this promise, and a call on each request. */
  const held: Record<string, Promise<void>> = {};
  let onRequest: (cluster: string) => void = () => {};

  beforeEach(() => {
    down.clear();
    delete held.y;
    onRequest = () => {};
    stored.x = runs('x');
    stored.y = runs('y');
    server.use(
      http.get(`${API}/runs`, async ({ request }) => {
        const params = new URL(request.url).searchParams;
        const cluster = params.get('cluster')!;
        onRequest(cluster);
        await held[cluster];
        if (down.has(cluster)) {
          return errorBody('ServiceUnavailableError', `${cluster} down`, 503);
        }
        const after = params.get('cursor');
        const limit = Number(params.get('limit'));
        const rest = stored[cluster]
          .filter(r => !after || positionOf(r) < after)
          .sort((a, b) => positionOf(b).localeCompare(positionOf(a)));
        const items = rest.slice(0, limit);
        return HttpResponse.json({
          items,
          ...(rest.length > limit
            ? { nextCursor: positionOf(items[items.length - 1]) }
            : {}),
        });
      }),
    );
  });

  const page = (cursor?: AcrossCursor) =>
    listRunsAcross(testClient(), ['x', 'y'], {}, 4, cursor);
  const names = (p: { items: Array<{ name: string }> }) =>
    p.items.map(r => r.name);
  /** The names of every page from `cursor` on. */
  const rest = async (from?: AcrossCursor) => {
    const seen: string[] = [];
    let cursor = from;
    for (let pages = 0; cursor && pages < 10; pages++) {
      const next = await page(cursor);
      expect(next.failures).toEqual([]);
      seen.push(...names(next));
      cursor = next.nextCursor;
    }
    return seen;
  };
  const newestFirst = (...lists: RunSummary[][]) =>
    lists
      .flat()
      .sort((a, b) => positionOf(b).localeCompare(positionOf(a)))
      .map(r => r.name);

  it('lists every run of a cluster that failed and recovered, once each, newest first from where it failed', async () => {
    down.add('y');
    const first = await page();
    expect(names(first)).toEqual(['x17', 'x15', 'x13', 'x11']);
    expect(first.failures.map(f => f.cluster)).toEqual(['y']);
    // y keeps the place it starts from.
    expect(first.nextCursor?.y).toEqual({});

    down.delete('y');
    const seen = [...names(first), ...(await rest(first.nextCursor))];
    // y's runs newer than the x runs already shown come first, then both merged.
    expect(seen.slice(4)).toEqual([
      'y16',
      'y14',
      'y12',
      'y10',
      'x9',
      'y8',
      'x7',
      'y6',
      'x5',
      'y4',
      'x3',
      'y2',
    ]);
    expect(new Set(seen).size).toBe(2 * COUNT);
  });

  it('throws when every cluster fails on the first page, and names them on a later one', async () => {
    down.add('x').add('y');
    await expect(page()).rejects.toMatchObject({
      body: { error: { message: 'x down' } },
    });

    down.clear();
    const first = await page();
    down.add('x').add('y');
    const second = await page(first.nextCursor);
    expect(second.items).toEqual([]);
    expect(second.failures.map(f => f.cluster)).toEqual(['x', 'y']);
    expect(second.nextCursor).toEqual(first.nextCursor);
  });

  // Page 1 shows x17 y16 x15 y14: both clusters are still on their first server page.
  it.each([
    [
      'a run was added at its head',
      () => {
        stored.x.unshift(
          runSummary({ cluster: 'x', name: 'x19', createdAt: at(19) }),
        );
      },
    ],
    [
      'a run shown was deleted',
      () => {
        stored.x = stored.x.filter(r => r.name !== 'x17');
        stored.y = stored.y.filter(r => r.name !== 'y14');
      },
    ],
  ])(
    'resumes a cluster after the last run shown from it when %s',
    async (_, change) => {
      const first = await page();
      expect(names(first)).toEqual(['x17', 'y16', 'x15', 'y14']);

      change();
      const second = await page(first.nextCursor);
      expect(names(second)).toEqual(['x13', 'y12', 'x11', 'y10']);
      expect([
        ...names(first),
        ...names(second),
        ...(await rest(second.nextCursor)),
      ]).toEqual(newestFirst(runs('x'), runs('y')));
    },
  );

  it('shows the runs of one second once each across pages, and one added at that second', async () => {
    // y's five newest runs share one second, after x's newest; page 1 ends
    // among them, within y's first server page.
    const x19 = runSummary({ cluster: 'x', name: 'x19', createdAt: at(19) });
    stored.x = [x19, ...runs('x')];
    const tied = ['ye', 'yd', 'yc', 'yb', 'ya'].map(name =>
      runSummary({ cluster: 'y', name, createdAt: at(18) }),
    );
    stored.y = [...tied, ...runs('y')];
    const first = await page();
    expect(names(first)).toEqual(['x19', 'ye', 'yd', 'yc']);

    // One added at that second (listed after those shown), one shown deleted.
    stored.y = [
      ...stored.y.filter(r => r.name !== 'yd'),
      runSummary({ cluster: 'y', name: 'yaa', createdAt: at(18) }),
    ];
    const second = await page(first.nextCursor);
    expect(names(second)).toEqual(['yb', 'yaa', 'ya', 'x17']);
    expect([
      ...names(first),
      ...names(second),
      ...(await rest(second.nextCursor)),
    ]).toEqual([
      ...['x19', 'ye', 'yd', 'yc', 'yb', 'yaa', 'ya'],
      ...newestFirst(runs('x'), runs('y')),
    ]);
  });

  it('does not show later a run added at the head of a cluster none of whose runs were on the page', async () => {
    stored.y = runs('y').slice(6);
    const first = await page();
    expect(names(first)).toEqual(['x17', 'x15', 'x13', 'x11']);

    // Newer than the page: it belongs before it, not on the next one.
    stored.y.unshift(
      runSummary({ cluster: 'y', name: 'y19', createdAt: at(19) }),
    );
    expect([...names(first), ...(await rest(first.nextCursor))]).toEqual(
      newestFirst(runs('x'), runs('y').slice(6)),
    );
  });

  it('keeps the place of the others when a cluster that recovered fills a page with runs newer than theirs', async () => {
    // A third cluster with one run, so that x's last run shown is not the
    // last of its server page.
    stored.z = [runSummary({ cluster: 'z', name: 'z18', createdAt: at(18) })];
    const three = (cursor?: AcrossCursor) =>
      listRunsAcross(testClient(), ['x', 'y', 'z'], {}, 4, cursor);
    down.add('y');
    const first = await three();
    expect(names(first)).toEqual(['z18', 'x17', 'x15', 'x13']);

    down.delete('y');
    stored.y.push(
      ...['y14b', 'y14c'].map(name =>
        runSummary({ cluster: 'y', name, createdAt: at(14) }),
      ),
    );
    const second = await three(first.nextCursor);
    expect(names(second)).toEqual(['y16', 'y14c', 'y14b', 'y14']);
    const third = await three(second.nextCursor);
    expect(names(third)).toEqual(['y12', 'x11', 'y10', 'x9']);
  });

  it('throws the abort, naming no cluster, when aborted while a cluster has not answered', async () => {
    // A later page: there a cluster's failure is named, not thrown.
    const first = await page();
    let release = () => {};
    held.y = new Promise<void>(resolve => {
      release = resolve;
    });
    const yAsked = new Promise<void>(resolve => {
      onRequest = cluster => cluster === 'y' && resolve();
    });
    const controller = new AbortController();
    const answer = listRunsAcross(
      testClient(),
      ['x', 'y'],
      {},
      4,
      first.nextCursor,
      controller.signal,
    );
    await yAsked;
    controller.abort();
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    release();
  });
});
