import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  clustersAnswer,
  errorBody,
  pageServer,
  renderPage,
  runSummary,
} from '../../testUtils';

/*
 * The run history with "All clusters": two clusters, `a` (the default) and
 * `b`, each paging its own runs by cursor as the backend does (newest
 * first); their runs alternate in time.
 */

const PER_CLUSTER = 20;
/** Run i of a cluster: a's at even minutes, b's at odd ones, newest first. */
const runsOf = (cluster: string) =>
  Array.from({ length: PER_CLUSTER }, (_, i) => {
    const minute = 2 * (PER_CLUSTER - i) + (cluster === 'a' ? 1 : 0);
    return runSummary({
      cluster,
      name: `run-${cluster}-${String(minute).padStart(2, '0')}`,
      createdAt: `2026-11-30T10:${String(minute).padStart(2, '0')}:00Z`,
    });
  });

/**
 * `GET /runs` of one cluster, paged: the cursor is the next run's index. The
 * clusters in `down` fail (a test may bring one back by deleting it).
 */
const pagedRuns = (down: Set<string> = new Set()) =>
  http.get(`${API}/runs`, ({ request }) => {
    const params = new URL(request.url).searchParams;
    const cluster = params.get('cluster') ?? 'a';
    if (down.has(cluster)) {
      return errorBody(
        'ServiceUnavailableError',
        `cluster ${cluster} is down`,
        503,
      );
    }
    const start = Number(params.get('cursor') ?? 0);
    const limit = Number(params.get('limit'));
    const all = runsOf(cluster);
    const end = start + limit;
    return HttpResponse.json({
      items: all.slice(start, end),
      ...(end < all.length ? { nextCursor: String(end) } : {}),
    });
  });

const runNames = () =>
  within(screen.getByRole('table'))
    .getAllByRole('link', { name: /^run-/ })
    .map(link => link.textContent);

const newestFirst = [...runsOf('a'), ...runsOf('b')]
  .sort((x, y) => y.createdAt!.localeCompare(x.createdAt!))
  .map(r => r.name);

describe('run history across all clusters', () => {
  const server = pageServer();
  beforeEach(() => server.use(clustersAnswer('a', 'b')));

  it('lists every cluster’s runs in one list, newest first, with a Cluster column, paged', async () => {
    server.use(pagedRuns());
    await renderPage('/runs');
    expect(
      await screen.findByRole('link', { name: 'run-b-40' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Cluster')).toHaveValue('');
    expect(
      screen.getByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    expect(runNames()).toEqual(newestFirst.slice(0, 25));
    expect(screen.getByRole('link', { name: 'run-b-40' })).toHaveAttribute(
      'href',
      '/openchoreo-workflows/runs/default/run-b-40?cluster=b',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page 2')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'run-a-03' }),
    ).toBeInTheDocument();
    expect(runNames()).toEqual(newestFirst.slice(25));
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(
      await screen.findByRole('link', { name: 'run-b-40' }),
    ).toBeInTheDocument();
    expect(runNames()).toEqual(newestFirst.slice(0, 25));
  });

  it('names a cluster that fails and still lists the others’ runs', async () => {
    server.use(pagedRuns(new Set(['b'])));
    await renderPage('/runs');
    expect(
      await screen.findByRole('link', { name: 'run-a-41' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not list the runs of cluster 'b'/),
    ).toHaveTextContent('503 Service Unavailable');
    expect(runNames()).toEqual(runsOf('a').map(r => r.name));
  });

  it('keeps the place of a cluster that fails: the next page lists its runs once it answers', async () => {
    const down = new Set(['b']);
    server.use(pagedRuns(down));
    await renderPage('/runs');
    expect(
      await screen.findByText(/Could not list the runs of cluster 'b'/),
    ).toBeInTheDocument();
    expect(runNames()).toEqual(runsOf('a').map(r => r.name));

    down.delete('b');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page 2')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'run-b-40' }),
    ).toBeInTheDocument();
    expect(runNames()).toEqual(runsOf('b').map(r => r.name));
    expect(screen.queryByText(/Could not list/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });

  it('names a cluster still failing on a later page, and Retry lists its runs there', async () => {
    const down = new Set(['b']);
    server.use(pagedRuns(down));
    await renderPage('/runs');
    expect(
      await screen.findByRole('link', { name: 'run-a-41' }),
    ).toBeInTheDocument();

    // Page 2: only b is left and it still fails; the page says so and can go back.
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page 2')).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not list the runs of cluster 'b'/),
    ).toHaveTextContent('503 Service Unavailable');
    expect(screen.queryByRole('link', { name: /^run-/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeEnabled();

    down.delete('b');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'run-b-40' }),
    ).toBeInTheDocument();
    expect(runNames()).toEqual(runsOf('b').map(r => r.name));
    expect(screen.queryByText(/Could not list/)).not.toBeInTheDocument();
  });

  it('compares two runs of different clusters picked in the all-clusters list', async () => {
    server.use(pagedRuns());
    await renderPage('/runs');
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Pick run-a-41' }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Pick run-b-40' }),
    );
    expect(screen.getByRole('button', { name: 'Compare' })).toHaveAttribute(
      'href',
      '/openchoreo-workflows/compare?a=default%2Frun-a-41&b=default%2Frun-b-40&clusterA=a&clusterB=b',
    );
  });
});
