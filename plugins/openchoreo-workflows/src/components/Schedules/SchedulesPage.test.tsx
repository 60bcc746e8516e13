import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schedule } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { http, HttpResponse } from 'msw';
import {
  API,
  mswServer,
  quietStream,
  renderPage,
  runSummary,
} from '../../testUtils';

const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  id: 'sched-1',
  cluster: 'local',
  workflow: { kind: 'Workflow', name: 'nightly', namespace: 'default' },
  namespace: 'default',
  parameters: {},
  cron: '0 2 * * *',
  timezone: 'Europe/Paris',
  paused: false,
  owner: 'user:default/alice',
  nextRunAt: '2026-12-01T01:00:00.000Z',
  lastTick: {
    at: '2026-11-30T01:00:00.000Z',
    outcome: 'launched',
    run: 'default/nightly-abc',
  },
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
  ...over,
});

describe('SchedulesPage', () => {
  const server = mswServer();

  it('lists schedules, pauses one, and shows the runs of one', async () => {
    let current = schedule();
    const patches: unknown[] = [];
    const runQueries: URLSearchParams[] = [];
    server.use(
      quietStream,
      http.get(`${API}/schedules`, () =>
        HttpResponse.json({ items: [current] }),
      ),
      http.patch(`${API}/schedules/sched-1`, async ({ request }) => {
        const body = (await request.json()) as { paused: boolean };
        patches.push(body);
        current = { ...current, paused: body.paused, nextRunAt: undefined };
        return HttpResponse.json(current);
      }),
      http.get(`${API}/runs`, ({ request }) => {
        runQueries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          items: [runSummary({ name: 'nightly-abc', schedule: 'sched-1' })],
        });
      }),
    );
    await renderPage('/schedules');
    const row = (await screen.findByText('default/nightly')).closest('tr')!;
    expect(
      within(row).getByText('0 2 * * * (Europe/Paris)'),
    ).toBeInTheDocument();
    expect(within(row).getByText('alice')).toBeInTheDocument();
    expect(
      within(row).getByText('launched default/nightly-abc'),
    ).toBeInTheDocument();

    await userEvent.click(within(row).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(patches).toEqual([{ paused: true }]));
    expect(await screen.findByText('Paused')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resume' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Runs' }));
    await waitFor(() =>
      expect(runQueries.at(-1)?.get('schedule')).toBe('sched-1'),
    );
    expect(
      await screen.findByText('Runs of the schedule of default/nightly'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: /nightly-abc/ }),
    ).toBeInTheDocument();
  });

  it('labels a tick claimed and not launched yet, and says why one was denied', async () => {
    server.use(
      quietStream,
      http.get(`${API}/schedules`, () =>
        HttpResponse.json({
          items: [
            schedule({
              lastTick: { at: '2026-11-30T01:00:00.000Z', outcome: 'claimed' },
            }),
            schedule({
              id: 'sched-2',
              workflow: { kind: 'ClusterWorkflow', name: 'weekly' },
              lastTick: {
                at: '2026-11-30T01:00:00.000Z',
                outcome: 'denied',
                message:
                  "the owner's openchoreo.workflow.launch permission was denied",
              },
            }),
          ],
        }),
      ),
    );
    await renderPage('/schedules');
    const claimed = (await screen.findByText('default/nightly')).closest('tr')!;
    expect(
      within(claimed).getByText(/^claimed, not launched yet \(tick of .+\)$/),
    ).toBeInTheDocument();
    const denied = screen.getByText('weekly').closest('tr')!;
    expect(
      within(denied).getByText(
        "denied: the owner's openchoreo.workflow.launch permission was denied",
      ),
    ).toBeInTheDocument();
  });

  it('reads the next page of schedules with the cursor', async () => {
    const cursors: Array<string | null> = [];
    server.use(
      quietStream,
      http.get(`${API}/schedules`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);
        return HttpResponse.json(
          cursor === 'page-2'
            ? {
                items: [
                  schedule({
                    id: 'sched-2',
                    workflow: { kind: 'ClusterWorkflow', name: 'weekly' },
                  }),
                ],
              }
            : { items: [schedule()], nextCursor: 'page-2' },
        );
      }),
    );
    await renderPage('/schedules');
    expect(await screen.findByText('default/nightly')).toBeInTheDocument();
    expect(screen.queryByText('weekly')).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'More schedules' }),
    );
    expect(await screen.findByText('weekly')).toBeInTheDocument();
    expect(screen.getByText('default/nightly')).toBeInTheDocument();
    expect(cursors).toEqual([null, 'page-2']);
    expect(
      screen.queryByRole('button', { name: 'More schedules' }),
    ).not.toBeInTheDocument();
  });
});
