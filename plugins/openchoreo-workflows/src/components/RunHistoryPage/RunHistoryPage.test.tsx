import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  errorBody,
  pageServer,
  renderPage,
  runDetail,
  runEvent,
  runStream,
  runSummary,
} from '../../testUtils';

describe('RunHistoryPage', () => {
  const server = pageServer();
  const requests: URLSearchParams[] = [];

  const runs = (
    pages: Record<string, { items: unknown[]; nextCursor?: string }>,
  ) =>
    server.use(
      http.get(`${API}/runs`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        requests.push(params);
        return HttpResponse.json(
          pages[params.get('cursor') ?? ''] ?? { items: [] },
        );
      }),
    );

  beforeEach(() => {
    requests.length = 0;
  });

  it('lists runs with status text, duration and launcher, paged by the server', async () => {
    runs({
      '': {
        items: [
          runSummary(),
          runSummary({
            name: 'container-build-fail1',
            phase: 'Failed',
            durationMs: 42000,
          }),
        ],
        nextCursor: 'page2',
      },
      page2: { items: [runSummary({ name: 'container-build-old01' })] },
    });
    await renderPage('/runs');
    const link = await screen.findByRole('link', {
      name: 'container-build-fail1',
    });
    expect(link).toHaveAttribute(
      'href',
      '/openchoreo-workflows/runs/default/container-build-fail1',
    );
    const row = link.closest('tr')!;
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(within(row).getByText('42s')).toBeInTheDocument();
    expect(within(row).getByText('jane.doe')).toBeInTheDocument();
    expect(requests[0].get('limit')).toBe('25');

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByRole('link', { name: 'container-build-old01' }),
    ).toBeInTheDocument();
    expect(requests[requests.length - 1].get('cursor')).toBe('page2');
    expect(screen.getByText('Page 2')).toBeInTheDocument();
  });

  it('sends the filters to the server', async () => {
    runs({ '': { items: [runSummary()] } });
    await renderPage('/runs');
    await screen.findByRole('link', { name: 'container-build-abc12' });
    await userEvent.click(screen.getByLabelText('Failed'));
    await userEvent.selectOptions(screen.getByLabelText('Launched by'), 'me');
    await userEvent.selectOptions(screen.getByLabelText('Time'), '24h');
    await userEvent.selectOptions(
      screen.getByLabelText('Kind'),
      'ClusterWorkflow',
    );
    await userEvent.type(screen.getByLabelText('Namespace'), 'team-a');
    await userEvent.type(
      screen.getByLabelText('Parameter'),
      'repository.revision.branch=main',
    );
    await waitFor(() => {
      const last = requests[requests.length - 1];
      expect(last.get('workflowKind')).toBe('ClusterWorkflow');
      expect(last.get('namespace')).toBe('team-a');
      expect(last.get('phase')).toBe('Failed');
      expect(last.get('launchedBy')).toBe('me');
      expect(last.get('since')).toMatch(/^\d{4}-/);
      expect(last.get('param.repository.revision.branch')).toBe('main');
    });
  });

  it('takes one workflow’s filters from a link (name, kind, namespace) and shows them', async () => {
    runs({ '': { items: [runSummary()] } });
    await renderPage(
      '/runs?workflow=container-build&workflowKind=Workflow&namespace=team-a',
    );
    await screen.findByRole('link', { name: 'container-build-abc12' });
    expect(screen.getByLabelText('Workflow')).toHaveValue('container-build');
    expect(screen.getByLabelText('Kind')).toHaveValue('Workflow');
    expect(screen.getByLabelText('Namespace')).toHaveValue('team-a');
    expect(Object.fromEntries(requests[0])).toMatchObject({
      workflow: 'container-build',
      workflowKind: 'Workflow',
      namespace: 'team-a',
    });
  });

  it('takes "any" typed in a text filter as text; the drop-downs\' "any" clears theirs', async () => {
    runs({ '': { items: [runSummary()] } });
    await renderPage('/runs?workflowKind=Workflow');
    await screen.findByRole('link', { name: 'container-build-abc12' });
    await userEvent.type(screen.getByLabelText('Workflow'), 'any');
    await waitFor(() =>
      expect(requests[requests.length - 1].get('workflow')).toBe('any'),
    );
    expect(screen.getByLabelText('Workflow')).toHaveValue('any');
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'any');
    await waitFor(() =>
      expect(requests[requests.length - 1].get('workflowKind')).toBeNull(),
    );
    expect(requests[requests.length - 1].get('workflow')).toBe('any');
  });

  it('ignores a kind it does not know', async () => {
    runs({ '': { items: [runSummary()] } });
    await renderPage('/runs?workflowKind=Pipeline');
    await screen.findByRole('link', { name: 'container-build-abc12' });
    expect(screen.getByLabelText('Kind')).toHaveValue('any');
    expect(requests[0].get('workflowKind')).toBeNull();
  });

  it('updates a run in place from the live stream', async () => {
    runs({
      '': { items: [runSummary({ phase: 'Running', durationMs: undefined })] },
    });
    server.use(
      runStream(runEvent('MODIFIED', runDetail({ phase: 'Succeeded' }))),
    );
    await renderPage('/runs');
    const row = (
      await screen.findByRole('link', { name: 'container-build-abc12' })
    ).closest('tr')!;
    expect(await within(row).findByText('Succeeded')).toBeInTheDocument();
  });

  it('explains when no run matches', async () => {
    runs({});
    await renderPage('/runs');
    expect(
      await screen.findByText('No runs match these filters.'),
    ).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    server.use(
      http.get(`${API}/runs`, () =>
        errorBody('Error', 'archive unavailable', 500),
      ),
    );
    await renderPage('/runs');
    expect(
      (await screen.findAllByText(/archive unavailable/))[0],
    ).toBeInTheDocument();
  });
});
