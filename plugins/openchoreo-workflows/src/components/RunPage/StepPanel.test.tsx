import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, mswServer, renderAt } from '../../testUtils';
import { StepPanel } from './StepPanel';

const RUN = `${API}/runs/default/r1`;

describe('StepPanel', () => {
  const server = mswServer();

  const logs = http.get(`${RUN}/logs`, () =>
    HttpResponse.json({
      lines: [],
      complete: true,
      steps: [{ task: 'build', source: 'pod' }],
    }),
  );

  it('counts the Warnings on the Events tab and lists the events, Warnings marked', async () => {
    let asked: URL | undefined;
    server.use(
      logs,
      http.get(`${RUN}/events`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({
          items: [
            {
              timestamp: '2026-11-27T08:00:21Z',
              type: 'Normal',
              reason: 'Scheduled',
              message:
                'Successfully assigned workflows-default/r1-build to node-1',
              pod: 'r1-build',
            },
            {
              timestamp: '2026-11-27T08:00:25Z',
              type: 'Warning',
              reason: 'Failed',
              message:
                'Failed to pull image "registry.example/builder:1": not found',
              count: 4,
              lastTimestamp: '2026-11-27T08:02:25Z',
              pod: 'r1-build',
            },
          ],
        });
      }),
    );
    await renderAt(
      '/',
      <StepPanel namespace="default" runName="r1" task="build" live={false} />,
    );
    // Visible while the log is shown.
    const eventsTab = await screen.findByRole('tab', {
      name: 'Events (1 warning)',
    });
    expect(asked?.searchParams.get('task')).toBe('build');
    expect(screen.getByRole('tab', { name: 'Logs' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await userEvent.click(eventsTab);
    const table = screen.getByRole('table', { name: 'Events of build' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[2].textContent),
    ).toEqual(['Scheduled', 'Failed']);
    expect(within(rows[1]).getByText('Warning')).toBeInTheDocument();
    expect(within(rows[1]).getByText(/4 times/)).toBeInTheDocument();
    // Back to the log: it was kept, not read again.
    await userEvent.click(screen.getByRole('tab', { name: 'Logs' }));
    expect(screen.getByText('This step wrote no output.')).toBeVisible();
  });

  it('says why a step has no events', async () => {
    const message =
      'step build has no pod: its events are not available (its pod was garbage-collected)';
    server.use(
      logs,
      http.get(`${RUN}/events`, () =>
        HttpResponse.json({ items: [], message }),
      ),
    );
    await renderAt(
      '/',
      <StepPanel namespace="default" runName="r1" task="build" live={false} />,
    );
    await userEvent.click(await screen.findByRole('tab', { name: 'Events' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
  });
});
