import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  API,
  mswServer,
  renderAt,
  renderPage,
  sseResponse,
} from '../../testUtils';
import { ClusterBanner } from './ClusterBanner';
import { formatTime } from './format';

const SINCE = '2026-11-27T10:04:05Z';
const down = {
  name: 'prod',
  reachable: false,
  since: SINCE,
  lastError: 'connect ECONNREFUSED <address>',
};

describe('ClusterBanner', () => {
  const server = mswServer();

  it('names each unreachable cluster and since when, and goes away by itself when it is back', async () => {
    let calls = 0;
    // Down until the banner was seen (a fixed number of polls races the
    // render on a busy machine), then back.
    let back = false;
    server.use(
      http.get(`${API}/clusters`, () => {
        calls++;
        return HttpResponse.json({
          items: back
            ? [{ name: 'prod', reachable: true, since: SINCE }]
            : [down, { name: 'staging', reachable: true, since: SINCE }],
        });
      }),
    );
    await renderAt('/', <ClusterBanner pollMs={20} />);
    const banner = await screen.findByTestId('cluster-unreachable-prod');
    expect(banner).toHaveTextContent(
      `The OpenChoreo cluster 'prod' has been unreachable since ${formatTime(
        SINCE,
      )}`,
    );
    expect(banner).toHaveTextContent(
      'Last error: connect ECONNREFUSED <address>',
    );
    expect(screen.queryByTestId('cluster-unreachable-staging')).toBeNull();
    back = true;
    await waitFor(() =>
      expect(screen.queryByTestId('cluster-unreachable-prod')).toBeNull(),
    );
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('shows nothing while the backend does not answer', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/clusters`, () => {
        calls++;
        return HttpResponse.json(
          { error: { message: 'down' } },
          { status: 503 },
        );
      }),
    );
    await renderAt('/', <ClusterBanner pollMs={20} />);
    await waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is on the plugin pages', async () => {
    server.use(
      http.get(`${API}/clusters`, () => HttpResponse.json({ items: [down] })),
      http.get(`${API}/stream`, () => sseResponse()),
      http.get(`${API}/runs`, () => HttpResponse.json({ items: [] })),
    );
    await renderPage('/runs');
    expect(
      await screen.findByTestId('cluster-unreachable-prod'),
    ).toHaveTextContent("The OpenChoreo cluster 'prod' has been unreachable");
  });
});
