import { TestApiProvider } from '@backstage/test-utils';
import type { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { ListRunsQuery, openchoreoWorkflowsApiRef } from '../../api';
import {
  API,
  clustersAnswer,
  mswServer,
  renderAt,
  runDetail,
  runEvent,
  runFrame,
  runSummary,
  testClient,
} from '../../testUtils';
import { RunsTable } from './RunsTable';

/*
 * useRunsPage through the table: a page loaded again (a run appeared on the
 * live stream) while the previous load still waits for an answer replaces
 * that load, which must show nothing.
 */

/** A promise the test resolves. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  return { opened, open };
}

const run = (cluster: string, minute: number) =>
  runSummary({
    cluster,
    name: `run-${cluster}-${minute}`,
    createdAt: `2026-11-30T10:${String(minute).padStart(2, '0')}:00Z`,
  });

describe('useRunsPage', () => {
  const server = mswServer();
  /** Each cluster's runs, newest first. */
  let stored: Record<string, RunSummary[]>;
  /** Answers of `GET /runs` wait for this while set (for the clusters in it). */
  let held: { clusters: string[]; until: Promise<void> } | undefined;
  /** Requests of `GET /runs` so far, by cluster. */
  let asked: string[];
  /** Sends a frame on each run stream open. */
  let streams: Array<(frame: string) => void>;

  beforeEach(() => {
    stored = { a: [run('a', 3), run('a', 1)], b: [run('b', 2), run('b', 0)] };
    held = undefined;
    asked = [];
    streams = [];
    server.use(
      clustersAnswer('a', 'b'),
      http.get(`${API}/stream`, () => {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            streams.push(frame => controller.enqueue(encoder.encode(frame)));
          },
        });
        return new HttpResponse(body, {
          headers: { 'Content-Type': 'text/event-stream' },
        });
      }),
      http.get(`${API}/runs`, async ({ request }) => {
        const cluster = new URL(request.url).searchParams.get('cluster') ?? 'a';
        asked.push(cluster);
        // What the cluster holds when asked, answered when let go.
        const items = [...stored[cluster]];
        if (held?.clusters.includes(cluster)) await held.until;
        return HttpResponse.json({ items });
      }),
    );
  });

  /** A run added on cluster `a`, as the live stream says it. */
  const added = (minute: number) => {
    const r = run('a', minute);
    stored.a.unshift(r);
    streams[0](runFrame(runEvent('ADDED', runDetail(r))));
  };
  const requestsOf = (cluster: string) =>
    asked.filter(c => c === cluster).length;
  const link = (name: string) => screen.queryByRole('link', { name });

  it('shows no failure of a cluster for a reload while its answer was delayed', async () => {
    await renderAt(
      '/runs',
      <RunsTable query={{}} acrossClusters={['a', 'b']} />,
    );
    expect(await screen.findByRole('link', { name: 'run-b-0' })).toBeVisible();
    await waitFor(() => expect(streams).toHaveLength(2));

    const b = gate();
    held = { clusters: ['b'], until: b.opened };
    const before = requestsOf('b');
    added(4);
    await waitFor(() => expect(requestsOf('b')).toBe(before + 1));
    // Loaded again while b has not answered the first reload: that one is aborted.
    added(5);
    await waitFor(() => expect(requestsOf('b')).toBe(before + 2));
    await expect(
      screen.findByText(/Could not list the runs/, undefined, {
        timeout: 1500,
      }),
    ).rejects.toThrow();

    b.open();
    expect(await screen.findByRole('link', { name: 'run-a-5' })).toBeVisible();
    expect(link('run-b-2')).toBeVisible();
    expect(screen.queryByText(/Could not list the runs/)).toBeNull();
  });

  it('does not apply the answer of a load replaced by a later one, even when it comes last', async () => {
    // A client whose requests go on when aborted, so the replaced answer does come.
    const client = testClient();
    const api = Object.assign(Object.create(client), {
      listRuns: (query: ListRunsQuery) =>
        client.listRuns({ ...query, signal: undefined }),
    });
    await renderAt(
      '/runs',
      <TestApiProvider apis={[[openchoreoWorkflowsApiRef, api]]}>
        <RunsTable query={{ cluster: 'a' }} />
      </TestApiProvider>,
    );
    expect(await screen.findByRole('link', { name: 'run-a-3' })).toBeVisible();
    await waitFor(() => expect(streams).toHaveLength(1));

    const first = gate();
    held = { clusters: ['a'], until: first.opened };
    added(4);
    await waitFor(() => expect(requestsOf('a')).toBe(2));
    held = undefined;
    added(5);
    expect(await screen.findByRole('link', { name: 'run-a-5' })).toBeVisible();

    // The replaced load answers now, without run-a-5: the page keeps it.
    first.open();
    await expect(
      waitFor(() => expect(link('run-a-5')).toBeNull(), { timeout: 1500 }),
    ).rejects.toThrow();
    expect(link('run-a-4')).toBeVisible();
  });
});
