import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  API,
  closedFrame,
  logLineFrame,
  mswServer,
  renderPage,
  RUN,
  runDetail,
  runningRun,
  runPageBackground,
  sseResponse,
} from '../../testUtils';

/** The run page: what it says about its live streams and the run's life in the cluster. */
describe('RunPage streams and retention', () => {
  const server = mswServer();
  beforeEach(() => server.use(...runPageBackground));
  const open = () => renderPage('/runs/default/container-build-abc12');

  it('says live updates stopped, and why, when the server ends the run stream for a withdrawn permission', async () => {
    let streams = 0;
    server.use(
      http.get(RUN, () => HttpResponse.json(runningRun())),
      http.get(`${API}/stream`, () => {
        streams++;
        return sseResponse(
          [closedFrame('denied', 'you may no longer read these runs')],
          { close: true },
        );
      }),
    );
    await open();
    expect(
      await screen.findByText(
        'Live updates stopped: you may no longer read these runs. Reload the page to try again.',
      ),
    ).toBeInTheDocument();
    expect(streams).toBe(1);
  });

  it('says the live log paused while it reconnects after the server ended it for a slow client, and clears that once it is back', async () => {
    let logStreams = 0;
    // The second connection is answered once the notice was seen.
    let reopen = () => {};
    const reopened = new Promise<void>(resolve => {
      reopen = resolve;
    });
    server.use(
      http.get(RUN, () => HttpResponse.json(runningRun())),
      http.get(`${RUN}/logs/stream`, async () => {
        logStreams++;
        if (logStreams === 1) {
          return sseResponse(
            [
              closedFrame(
                'slow-client',
                'the client read too slowly: more than 262144 bytes of events were waiting; reconnect to go on',
              ),
            ],
            { close: true },
          );
        }
        await reopened;
        return sseResponse([logLineFrame({ task: 'build', text: 'again' })]);
      }),
    );
    await open();
    expect(
      await screen.findByText(
        'The live log paused: the client read too slowly: more than 262144 bytes of events were waiting. Reconnecting…',
      ),
    ).toBeInTheDocument();
    reopen();
    expect(await screen.findByText(/1 line · streaming/)).toBeInTheDocument();
    expect(screen.queryByText(/The live log paused/)).not.toBeInTheDocument();
  });

  it('says when OpenChoreo deletes the finished run from the cluster and that its history stays here', async () => {
    const completedAt = new Date(Date.now() - 3600e3).toISOString();
    server.use(
      http.get(RUN, () =>
        HttpResponse.json(runDetail({ completedAt, ttlAfterCompletion: '1d' })),
      ),
    );
    await open();
    expect(
      await screen.findByText(
        /^OpenChoreo deletes this run from the cluster in 23 hours \(.+\), 1d after it finished \(ttlAfterCompletion\); its history .* stays here\.$/,
      ),
    ).toBeInTheDocument();
  });
});
