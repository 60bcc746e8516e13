import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  containerBuild,
  errorBody,
  mswServer,
  pendingRun,
  renderPage,
  RUN,
  runDetail,
  runEvent,
  runFrame,
  runningRun,
  runPageBackground,
  sseResponse,
} from '../../testUtils';

describe('RunPage', () => {
  const server = mswServer();

  beforeEach(() => server.use(...runPageBackground));

  it('shows the header, the steps and streams the running step', async () => {
    server.use(http.get(RUN, () => HttpResponse.json(runningRun())));
    await renderPage('/runs/default/container-build-abc12');
    expect(
      await screen.findByRole('heading', { name: 'container-build-abc12' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'container-build' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-workflows/workflows/default/container-build',
    );
    expect(screen.getByText('jane.doe')).toBeInTheDocument();
    expect(screen.getByText('1/3 succeeded')).toBeInTheDocument();
    const steps = screen.getByRole('listbox', { name: 'Steps' });
    const options = within(steps).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      expect.stringContaining('clone'),
      expect.stringContaining('build'),
      expect.stringContaining('push'),
    ]);
    expect(within(options[0]).getByText('Succeeded')).toBeInTheDocument();
    expect(within(options[0]).getByText(/15s/)).toBeInTheDocument();
    // The running step is selected and its log streams.
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    expect(
      screen.getByRole('heading', { name: 'Logs of build' }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/2 lines · streaming/)).toBeInTheDocument();
    expect(screen.getByText(/repository:/)).toBeInTheDocument();
  });

  it('moves through the steps with the keyboard and reads finished logs', async () => {
    server.use(http.get(RUN, () => HttpResponse.json(runDetail())));
    await renderPage('/runs/default/container-build-abc12');
    const options = within(
      await screen.findByRole('listbox', { name: 'Steps' }),
    ).getAllByRole('option');
    expect(options[2]).toHaveAttribute('aria-selected', 'true');
    options[2].focus();
    await userEvent.keyboard('{ArrowUp}');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    expect(options[1]).toHaveFocus();
    await userEvent.keyboard('{Home}');
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(
      await screen.findByRole('heading', { name: 'Logs of clone' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('1 line')).toBeInTheDocument();
    // Terminal runs cannot be stopped.
    expect(
      screen.queryByRole('button', { name: 'Stop' }),
    ).not.toBeInTheDocument();
  });

  it('applies live changes from the stream and announces them', async () => {
    let current = runningRun();
    server.use(
      http.get(RUN, () => HttpResponse.json(current)),
      http.get(`${API}/stream`, async () => {
        current = runDetail();
        return sseResponse([runFrame(runEvent('MODIFIED', current))]);
      }),
    );
    await renderPage('/runs/default/container-build-abc12');
    expect(
      await screen.findByText('Run container-build-abc12 is now Succeeded.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('is now Succeeded');
    expect(screen.getByText('3/3 succeeded')).toBeInTheDocument();
  });

  it('shows a change made between its first fetch and the stream opening, which the stream does not carry', async () => {
    let current = runningRun();
    server.use(
      http.get(RUN, () => HttpResponse.json(current)),
      // The run finishes after the page fetched it and before it subscribed:
      // the stream opens with nothing to say about it.
      http.get(`${API}/stream`, () => {
        current = runDetail();
        return sseResponse();
      }),
    );
    await renderPage('/runs/default/container-build-abc12');
    expect(
      await screen.findByText('Run container-build-abc12 is now Succeeded.'),
    ).toBeInTheDocument();
    expect(screen.getByText('3/3 succeeded')).toBeInTheDocument();
  });

  it('follows the step that fails while nobody picked a step', async () => {
    let current = runningRun();
    server.use(
      http.get(RUN, () => HttpResponse.json(current)),
      http.get(`${API}/stream`, async () => {
        current = runDetail({
          phase: 'Failed',
          tasks: [
            { ...runningRun().tasks[0] },
            {
              name: 'build',
              phase: 'Succeeded',
              startedAt: '2026-11-27T08:00:21Z',
              completedAt: '2026-11-27T08:00:40Z',
              durationMs: 19000,
            },
            {
              name: 'push',
              phase: 'Failed',
              startedAt: '2026-11-27T08:00:41Z',
              completedAt: '2026-11-27T08:00:45Z',
              durationMs: 4000,
              message: 'denied: requested access to the resource is denied',
            },
          ],
        });
        return sseResponse([runFrame(runEvent('MODIFIED', current))]);
      }),
    );
    await renderPage('/runs/default/container-build-abc12');
    expect(
      await screen.findByRole('heading', { name: 'Logs of push' }),
    ).toBeInTheDocument();
  });

  it('applies the steps an event carries without fetching the run again, and keeps them over the older answer of the fetch made when the stream opened', async () => {
    let gets = 0;
    server.use(
      http.get(RUN, () => {
        gets++;
        return HttpResponse.json(runningRun());
      }),
      http.get(`${API}/stream`, () => {
        const running = runningRun();
        const { tasks } = running;
        return sseResponse([
          runFrame(
            runEvent('MODIFIED', {
              ...running,
              tasksSucceeded: 2,
              tasks: [
                tasks[0],
                {
                  ...tasks[1],
                  phase: 'Succeeded',
                  completedAt: '2026-11-27T08:00:40Z',
                  durationMs: 19000,
                },
                {
                  name: 'push',
                  phase: 'Running',
                  startedAt: '2026-11-27T08:00:41Z',
                },
              ],
            }),
          ),
        ]);
      }),
    );
    await renderPage('/runs/default/container-build-abc12');
    expect(
      await screen.findByRole('heading', { name: 'Logs of push' }),
    ).toBeInTheDocument();
    // The first load and the one when the stream opened; none for the event.
    await waitFor(() => expect(gets).toBe(2));
    expect(screen.getByText('2/3 succeeded')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Logs of push' }),
    ).toBeInTheDocument();
  });

  it('stops a run only after confirmation', async () => {
    const stop = jest.fn(() =>
      HttpResponse.json(runDetail({ phase: 'Failed', archived: true })),
    );
    server.use(
      http.get(RUN, () => HttpResponse.json(runningRun())),
      http.delete(RUN, stop),
    );
    await renderPage('/runs/default/container-build-abc12');
    await userEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Stop run container-build-abc12?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(stop).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Stop run',
      }),
    );
    await waitFor(() => expect(stop).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('(archived)')).toBeInTheDocument();
  });

  it('re-runs and opens the new run', async () => {
    server.use(
      http.get(RUN, () => HttpResponse.json(runDetail())),
      http.post(`${RUN}/rerun`, () =>
        HttpResponse.json(pendingRun({ name: 'container-build-def34' }), {
          status: 201,
        }),
      ),
      http.get(`${API}/runs/default/container-build-def34`, () =>
        HttpResponse.json(pendingRun({ name: 'container-build-def34' })),
      ),
    );
    await renderPage('/runs/default/container-build-abc12');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Re-run' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'container-build-def34' }),
    ).toBeInTheDocument();
    expect(screen.getByText('No steps have started yet.')).toBeInTheDocument();
  });

  it('opens the workflow form prefilled for edit and re-run', async () => {
    server.use(
      http.get(RUN, () =>
        HttpResponse.json(
          runDetail({
            parameters: {
              repository: {
                url: 'https://github.com/acme/shop',
                revision: { branch: 'feature-x' },
              },
            },
          }),
        ),
      ),
      http.get(`${API}/workflows/default/container-build`, () =>
        HttpResponse.json(containerBuild),
      ),
      http.get(`${API}/workflows`, () => HttpResponse.json({ items: [] })),
      http.get(`${API}/runs`, () => HttpResponse.json({ items: [] })),
      http.post(`${API}/workflows/default/container-build/preview`, () =>
        HttpResponse.json({ parameters: {}, errors: [], objects: [] }),
      ),
    );
    await renderPage('/runs/default/container-build-abc12');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit and re-run' }),
    );
    expect(await screen.findByLabelText('Branch')).toHaveValue('feature-x');
    expect(screen.getByLabelText(/Repository URL/)).toHaveValue(
      'https://github.com/acme/shop',
    );
  });

  it('draws a graph when steps ran in parallel', async () => {
    server.use(
      http.get(RUN, () =>
        HttpResponse.json(
          runDetail({
            tasks: [
              {
                name: 'lint',
                phase: 'Succeeded',
                startedAt: '2026-11-27T08:00:00Z',
                completedAt: '2026-11-27T08:01:00Z',
              },
              {
                name: 'test',
                phase: 'Failed',
                startedAt: '2026-11-27T08:00:00Z',
                completedAt: '2026-11-27T08:00:30Z',
                message: 'exit code 1',
              },
            ],
          }),
        ),
      ),
    );
    await renderPage('/runs/default/container-build-abc12');
    expect(await screen.findByText('Parallel steps')).toBeInTheDocument();
    expect(await screen.findByText('✗ test · Failed')).toBeInTheDocument();
    // The graph has its own card (the page's width), not the Steps card.
    const graph = screen.getByRole('region', { name: 'Parallel steps graph' });
    const stepsCard = screen
      .getByRole('listbox', { name: 'Steps' })
      .closest('[class*="MuiCard-root"]');
    expect(stepsCard).not.toBeNull();
    expect(stepsCard).not.toContainElement(graph);
    expect(graph.closest('[class*="MuiCard-root"]')).toHaveTextContent(
      'Parallel steps',
    );
    expect(screen.getByText('✓ lint · Succeeded')).toBeInTheDocument();
    expect(screen.getByText('exit code 1')).toBeInTheDocument();
    // The failed step is shown first.
    expect(
      screen.getByRole('heading', { name: 'Logs of test' }),
    ).toBeInTheDocument();
  });

  it('explains a run stuck in Pending with its conditions', async () => {
    server.use(
      http.get(RUN, () =>
        HttpResponse.json(
          pendingRun({
            createdAt: new Date(Date.now() - 10 * 60e3).toISOString(),

            conditions: [
              {
                type: 'WorkflowCompleted',
                status: 'False',
                reason: 'WorkflowPlaneNotFound',
                message: 'no workflow plane for namespace default',
              },
            ],
          }),
        ),
      ),
    );
    await renderPage('/runs/default/container-build-abc12');
    expect(
      await screen.findByText(/Pending for 10m \d+s with no step started/),
    ).toBeInTheDocument();
    expect(screen.getByText(/WorkflowPlaneNotFound/)).toBeInTheDocument();
  });

  it('explains in words a Pending run that OpenChoreo cannot render', async () => {
    server.use(
      http.get(RUN, () =>
        HttpResponse.json(
          pendingRun({
            conditions: [],
            diagnosis: {
              reason: 'RenderFailed',
              message:
                'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
              expression: 'parameters.count * 100 + 1',
              location: 'runTemplate.spec.arguments.parameters[0].value',
            },
          }),
        ),
      ),
    );
    await renderPage('/runs/default/container-build-abc12');
    const alert = await screen.findByText(
      /This run cannot start: OpenChoreo cannot render it/,
    );
    expect(alert).toBeInTheDocument();
    expect(
      screen.getByText(
        'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('runTemplate.spec.arguments.parameters[0].value'),
    ).toBeInTheDocument();
  });

  it('shows an error for an unknown run', async () => {
    server.use(
      http.get(`${API}/runs/default/nope`, () =>
        errorBody('NotFoundError', 'run not found', 404),
      ),
    );
    await renderPage('/runs/default/nope');
    expect(
      await screen.findByText(/Could not load run default\/nope/),
    ).toBeInTheDocument();
  });
});
