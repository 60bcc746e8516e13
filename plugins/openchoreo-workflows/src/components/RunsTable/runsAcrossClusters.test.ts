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
 * paged by the server's cursor (the next run's index).
 */
const COUNT = 8;
const runs = (cluster: 'x' | 'y') =>
  Array.from({ length: COUNT }, (_, i) => {
    const second = 2 * (COUNT - i) + (cluster === 'x' ? 1 : 0);
    return runSummary({
      cluster,
      name: `${cluster}${second}`,
      createdAt: `2026-11-30T10:00:${String(second).padStart(2, '0')}Z`,
    });
  });

describe('listRunsAcross', () => {
  const server = mswServer();
  /** Clusters that answer 503 while in the set. */
  const down = new Set<string>();

  beforeEach(() => {
    down.clear();
    server.use(
      http.get(`${API}/runs`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        const cluster = params.get('cluster') as 'x' | 'y';
        if (down.has(cluster)) {
          return errorBody('ServiceUnavailableError', `${cluster} down`, 503);
        }
        const from = Number(params.get('cursor') ?? 0);
        const to = from + Number(params.get('limit'));
        return HttpResponse.json({
          items: runs(cluster).slice(from, to),
          ...(to < COUNT ? { nextCursor: String(to) } : {}),
        });
      }),
    );
  });

  const page = (cursor?: AcrossCursor) =>
    listRunsAcross(testClient(), ['x', 'y'], {}, 4, cursor);
  const names = (p: { items: Array<{ name: string }> }) =>
    p.items.map(r => r.name);

  it('lists every run of a cluster that failed and recovered, once each, newest first from where it failed', async () => {
    down.add('y');
    const first = await page();
    expect(names(first)).toEqual(['x17', 'x15', 'x13', 'x11']);
    expect(first.failures.map(f => f.cluster)).toEqual(['y']);
    expect(first.nextCursor?.y).toEqual({ skip: 0 });

    down.delete('y');
    const seen = [...names(first)];
    let cursor = first.nextCursor;
    for (let pages = 0; cursor && pages < 10; pages++) {
      const next = await page(cursor);
      expect(next.failures).toEqual([]);
      seen.push(...names(next));
      cursor = next.nextCursor;
    }
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
});
