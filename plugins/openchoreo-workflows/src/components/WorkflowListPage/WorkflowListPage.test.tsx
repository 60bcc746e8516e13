import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useEffect } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { WorkflowsPage } from '../WorkflowsPage';
import {
  API,
  containerBuildSummary,
  errorBody,
  githubStatsSummary,
  pageServer,
  renderAt,
  renderPage,
  runDetail,
  runEvent,
  runStream,
} from '../../testUtils';

describe('WorkflowListPage', () => {
  const server = pageServer();

  const list = (items: unknown[]) =>
    server.use(
      http.get(`${API}/workflows`, () => HttpResponse.json({ items })),
    );

  it('lists workflows with scope, generation, type and last run', async () => {
    list([containerBuildSummary, githubStatsSummary]);
    await renderPage('/');
    const link = await screen.findByRole('link', { name: 'Container build' });
    expect(link).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build',
    );
    expect(
      screen.getByRole('link', { name: 'GitHub stats report' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/_cluster/github-stats-report',
    );
    const row = link.closest('tr')!;
    expect(within(row).getByText('Namespace default')).toBeInTheDocument();
    expect(within(row).getByText('v1')).toBeInTheDocument();
    expect(within(row).getByText('Succeeded')).toBeInTheDocument();
    const clusterRow = screen
      .getByRole('link', { name: 'GitHub stats report' })
      .closest('tr')!;
    expect(within(clusterRow).getByText('Cluster')).toBeInTheDocument();
    expect(within(clusterRow).getByText('Never run')).toBeInTheDocument();
    expect(
      within(clusterRow).getByText(/Broken schema: 2 problems/),
    ).toBeInTheDocument();
  });

  it("warns the workflow's authors when it fails for numbers typed by users", async () => {
    list([
      {
        ...containerBuildSummary,
        warnings: [
          {
            reason: 'UserNumbersFailToRender',
            message:
              'A launch with a number typed by a user fails: OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload.',
            expression: 'parameters.count * 100 + 1',
          },
        ],
      },
    ]);
    await renderPage('/');
    const link = await screen.findByRole('link', { name: 'Container build' });
    const row = link.closest('tr')!;
    expect(
      within(row).getByText(/Fails when a user types a number/),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('parameters.count * 100 + 1'),
    ).toBeInTheDocument();
  });

  it('filters by search text and scope', async () => {
    list([containerBuildSummary, githubStatsSummary]);
    await renderPage('/');
    await screen.findByRole('link', { name: 'Container build' });
    await userEvent.type(screen.getByLabelText('Search'), 'stats');
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'Container build' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('link', { name: 'GitHub stats report' }),
    ).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Search'));
    await userEvent.selectOptions(screen.getByLabelText('Scope'), 'default');
    expect(
      await screen.findByRole('link', { name: 'Container build' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'GitHub stats report' }),
    ).not.toBeInTheDocument();
  });

  it('searches after a pause in typing, not at every key', async () => {
    list([containerBuildSummary, githubStatsSummary]);
    const queries: string[] = [];
    const UrlQueries = () => {
      const { search } = useLocation();
      useEffect(() => {
        queries.push(search);
      }, [search]);
      return null;
    };
    await renderAt(
      '/',
      <>
        <WorkflowsPage />
        <UrlQueries />
      </>,
    );
    await screen.findByRole('link', { name: 'Container build' });
    await userEvent.type(screen.getByLabelText('Search'), 'stats');
    expect(screen.getByLabelText('Search')).toHaveValue('stats');
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'Container build' }),
      ).not.toBeInTheDocument(),
    );
    // Five keys, one new URL (and one filtering of the list): the last text.
    expect(queries).toEqual(['', '?q=stats']);
  });

  it('shows the search of a URL opened while the list is shown (a link, Back)', async () => {
    list([containerBuildSummary, githubStatsSummary]);
    const Back = () => {
      const navigate = useNavigate();
      return <button onClick={() => navigate(-1)}>Back</button>;
    };
    await renderAt(
      '/',
      <>
        <WorkflowsPage />
        <Link to="/openchoreo-workflows">All workflows</Link>
        <Back />
      </>,
    );
    const search = () => screen.getByLabelText('Search');
    const containerBuild = () =>
      screen.queryByRole('link', { name: 'Container build' });
    await screen.findByRole('link', { name: 'GitHub stats report' });
    await userEvent.type(search(), 'stats');
    await waitFor(() => expect(containerBuild()).not.toBeInTheDocument());

    await userEvent.click(screen.getByRole('link', { name: 'All workflows' }));
    await waitFor(() => expect(containerBuild()).toBeInTheDocument());
    expect(search()).toHaveValue('');

    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(containerBuild()).not.toBeInTheDocument());
    expect(search()).toHaveValue('stats');
  });

  it('filters 1,000 workflows', async () => {
    list(
      Array.from({ length: 1000 }, (_, i) => ({
        ...containerBuildSummary,
        name: `wf-${i}`,
        title: `Workflow ${i}`,
      })),
    );
    await renderPage('/');
    expect(
      await screen.findByText('Workflows (1000 of 1000)'),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Search'), 'workflow 12');
    expect(
      await screen.findByText('Workflows (11 of 1000)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Workflow 129' }),
    ).toBeInTheDocument();
  });

  it('shows a new run of a workflow live', async () => {
    list([containerBuildSummary, githubStatsSummary]);
    server.use(
      runStream(
        runEvent(
          'ADDED',
          runDetail({
            name: 'github-stats-report-x1',
            workflow: {
              kind: 'ClusterWorkflow',
              name: 'github-stats-report',
            },
            phase: 'Running',
            createdAt: new Date().toISOString(),
            completedAt: undefined,
            durationMs: undefined,
            tasksSucceeded: 0,
            taskCount: 1,
            tasks: [{ name: 'collect', phase: 'Running' }],
            conditions: [
              {
                type: 'WorkflowRunning',
                status: 'True',
                reason: 'WorkflowRunning',
                message: 'Argo Workflow is running',
              },
            ],
          }),
        ),
      ),
    );
    await renderPage('/');
    await screen.findByRole('link', { name: 'GitHub stats report' });
    const row = () =>
      screen.getByRole('link', { name: 'GitHub stats report' }).closest('tr')!;
    await waitFor(() =>
      expect(within(row()).getByText('Running')).toBeInTheDocument(),
    );
    expect(within(row()).queryByText('Never run')).not.toBeInTheDocument();
  });

  it('explains an empty workflow list', async () => {
    list([]);
    await renderPage('/');
    expect(await screen.findByText('No workflows yet')).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    server.use(
      http.get(`${API}/workflows`, () =>
        errorBody('Error', 'control plane unreachable', 503),
      ),
    );
    await renderPage('/');
    expect(
      await screen.findByText(/Could not load workflows/),
    ).toBeInTheDocument();
  });
});
