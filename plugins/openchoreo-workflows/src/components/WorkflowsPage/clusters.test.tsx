import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  clustersAnswer,
  containerBuild,
  containerBuildSummary,
  errorBody,
  githubStatsSummary,
  pageServer,
  pendingRun,
  renderPage,
  RUN,
  runDetail,
  runningRun,
  runPageBackground,
  runSummary,
} from '../../testUtils';

/*
 * A backend with two clusters, `a` (the default, first) and `b`: what lives
 * on `b` answers only to `?cluster=b`, and is missing (404) on the default
 * cluster, as the backend answers, so a page that drops the cluster fails.
 */

const clusterOf = (request: Request) =>
  new URL(request.url).searchParams.get('cluster') ?? undefined;

const onB =
  (answer: () => Response | Promise<Response>) =>
  ({ request }: { request: Request }) =>
    clusterOf(request) === 'b'
      ? answer()
      : errorBody('NotFoundError', 'not found on cluster a', 404);

describe('several clusters', () => {
  const server = pageServer();
  /** Every request: method, path below the API and its `cluster`. */
  let seen: Array<{ method: string; path: string; cluster?: string }>;
  beforeEach(() => {
    seen = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname.replace(new URL(API).pathname, ''),
        cluster: clusterOf(request),
      });
    });
    // A later `use` comes first: the two clusters before pageServer's none.
    server.use(clustersAnswer('a', 'b'));
  });
  afterEach(() => server.events.removeAllListeners());

  const clustersOf = (method: string, path: string | RegExp) =>
    seen
      .filter(
        r =>
          r.method === method &&
          (typeof path === 'string' ? r.path === path : path.test(r.path)),
      )
      .map(r => r.cluster);

  const RUN_PATH = '/runs/default/container-build-abc12';

  it('a run page opened with ?cluster=b reads, streams, stops and re-runs on cluster b', async () => {
    server.use(...runPageBackground);
    server.use(
      clustersAnswer('a', 'b'),
      http.get(
        RUN,
        onB(() => HttpResponse.json(runningRun({ cluster: 'b' }))),
      ),
      http.delete(
        RUN,
        onB(() =>
          HttpResponse.json(
            runDetail({ cluster: 'b', phase: 'Failed', archived: true }),
          ),
        ),
      ),
      http.post(
        `${RUN}/rerun`,
        onB(() =>
          HttpResponse.json(
            pendingRun({ cluster: 'b', name: 'container-build-def34' }),
            { status: 201 },
          ),
        ),
      ),
      http.delete(
        `${API}/runs/default/container-build-def34`,
        onB(() =>
          HttpResponse.json(
            pendingRun({ cluster: 'b', name: 'container-build-def34' }),
          ),
        ),
      ),
      http.get(
        `${API}/runs/default/container-build-def34`,
        onB(() =>
          HttpResponse.json(
            pendingRun({ cluster: 'b', name: 'container-build-def34' }),
          ),
        ),
      ),
    );
    await renderPage(`${RUN_PATH}?cluster=b`);
    expect(
      await screen.findByRole('heading', { name: 'container-build-abc12' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Cluster b')).toBeInTheDocument();
    expect(await screen.findByText(/2 lines · streaming/)).toBeInTheDocument();
    await waitFor(() =>
      expect(clustersOf('GET', `${RUN_PATH}/events`)).not.toEqual([]),
    );
    expect(clustersOf('GET', `${RUN_PATH}/logs/stream`)).toEqual(['b']);
    expect(new Set(clustersOf('GET', `${RUN_PATH}/events`))).toEqual(
      new Set(['b']),
    );
    await waitFor(() => expect(clustersOf('GET', '/stream')).toEqual(['b']));
    // The workflow link names the cluster too.
    expect(
      screen.getByRole('link', { name: 'container-build' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build?cluster=b',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Stop run',
      }),
    );
    expect(await screen.findByText('(archived)')).toBeInTheDocument();
    expect(clustersOf('DELETE', RUN_PATH)).toEqual(['b']);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Re-run' }));
    expect(
      await screen.findByRole('heading', { name: 'container-build-def34' }),
    ).toBeInTheDocument();
    expect(clustersOf('POST', `${RUN_PATH}/rerun`)).toEqual(['b']);
    // The new run's page names cluster b in its URL: stopping it asks cluster b.
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Stop run',
      }),
    );
    await waitFor(() =>
      expect(
        clustersOf('DELETE', '/runs/default/container-build-def34'),
      ).toEqual(['b']),
    );
  });

  it('a workflow page opened with ?cluster=b previews and launches on cluster b, and opens the run there', async () => {
    const launched = pendingRun({ cluster: 'b', name: 'container-build-n1' });
    server.use(
      http.get(
        `${API}/workflows/default/container-build`,
        onB(() => HttpResponse.json({ ...containerBuild, cluster: 'b' })),
      ),
      http.post(
        `${API}/workflows/default/container-build/preview`,
        onB(() =>
          HttpResponse.json({ parameters: {}, errors: [], objects: [] }),
        ),
      ),
      http.get(`${API}/runs`, () => HttpResponse.json({ items: [] })),
      http.post(
        `${API}/runs`,
        onB(() => HttpResponse.json(launched, { status: 201 })),
      ),
      http.get(
        `${API}/runs/default/container-build-n1`,
        onB(() => HttpResponse.json(launched)),
      ),
    );
    await renderPage('/workflows/default/container-build?cluster=b');
    await userEvent.type(
      await screen.findByLabelText(/Repository URL/),
      'https://github.com/acme/shop',
    );
    // The picker says where it launches.
    expect(screen.getByLabelText('Cluster')).toHaveValue('b');
    await waitFor(() =>
      expect(
        clustersOf('POST', '/workflows/default/container-build/preview'),
      ).not.toEqual([]),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Launch' }));
    expect(
      await screen.findByRole('heading', { name: 'container-build-n1' }),
    ).toBeInTheDocument();
    expect(clustersOf('POST', '/runs')).toEqual(['b']);
    expect(
      new Set(clustersOf('POST', '/workflows/default/container-build/preview')),
    ).toEqual(new Set(['b']));
    // The recent runs of the workflow page were those of cluster b.
    expect(new Set(clustersOf('GET', '/runs'))).toEqual(new Set(['b']));
    await waitFor(() =>
      expect(clustersOf('GET', '/runs/default/container-build-n1')).toEqual([
        'b',
      ]),
    );
  });

  it('lists the workflows of every cluster with a Cluster column; the filter narrows them and links name the cluster', async () => {
    server.use(
      http.get(`${API}/workflows`, ({ request }) =>
        HttpResponse.json({
          items:
            clusterOf(request) === 'b'
              ? [
                  { ...containerBuildSummary, cluster: 'b' },
                  { ...githubStatsSummary, cluster: 'b' },
                ]
              : [{ ...containerBuildSummary, cluster: 'a' }],
        }),
      ),
    );
    await renderPage('/');
    expect(
      await screen.findByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Workflows (3 of 3)')).toBeInTheDocument();
    const links = screen
      .getAllByRole('link', { name: 'Container build' })
      .map(l => l.getAttribute('href'));
    expect(links).toEqual([
      '/openchoreo-workflows/workflows/default/container-build?cluster=a',
      '/openchoreo-workflows/workflows/default/container-build?cluster=b',
    ]);
    await userEvent.selectOptions(screen.getByLabelText('Cluster'), 'b');
    expect(await screen.findByText('Workflows (2 of 3)')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Container build' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build?cluster=b',
    );
    // One live stream per cluster keeps the last runs current.
    expect(new Set(clustersOf('GET', '/stream'))).toEqual(new Set(['a', 'b']));
  });

  it('the run history shows the runs of the cluster picked, with a Cluster column and links to it', async () => {
    server.use(
      http.get(`${API}/runs`, ({ request }) => {
        const cluster = clusterOf(request) ?? 'a';
        return HttpResponse.json({
          items: [runSummary({ cluster, name: `run-on-${cluster}` })],
        });
      }),
    );
    await renderPage('/runs');
    expect(
      await screen.findByRole('link', { name: 'run-on-a' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Cluster'), 'b');
    expect(
      await screen.findByRole('link', { name: 'run-on-b' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/runs/default/run-on-b?cluster=b',
    );
    expect(clustersOf('GET', '/runs')).toContain('b');
  });

  it('with one cluster shows no cluster: no column, no picker, links without ?cluster=', async () => {
    server.use(
      clustersAnswer('a'),
      http.get(`${API}/workflows`, () =>
        HttpResponse.json({ items: [{ ...containerBuildSummary }] }),
      ),
    );
    await renderPage('/');
    expect(
      await screen.findByRole('link', { name: 'Container build' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build',
    );
    expect(
      screen.queryByRole('columnheader', { name: 'Cluster' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Cluster')).not.toBeInTheDocument();
    expect(clustersOf('GET', '/workflows')).toEqual([undefined]);
  });
});
