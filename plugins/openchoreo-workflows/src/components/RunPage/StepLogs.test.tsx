import type { StepLogStatus } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  errorBody,
  logEndFrame,
  logLineFrame,
  logStatusFrame,
  mswServer,
  openStream,
  renderAt,
  sseResponse,
} from '../../testUtils';
import { StepLogs } from './StepLogs';

describe('StepLogs', () => {
  const server = mswServer();

  it('streams, pauses following, counts new lines and resumes', async () => {
    const push = openStream(server, `${API}/runs/default/r1/logs/stream`);
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="build" live />,
    );
    expect(await screen.findByText(/0 lines · streaming/)).toBeInTheDocument();
    push(logLineFrame({ task: 'build', text: 'compiling' }));
    expect(await screen.findByText(/1 line · streaming/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    push(logLineFrame({ task: 'build', text: 'linking' }));
    push(logLineFrame({ task: 'build', text: 'done' }));
    const show = await screen.findByRole('button', {
      name: '2 new lines: show',
    });
    await userEvent.click(show);
    expect(screen.getByRole('checkbox', { name: 'Follow' })).toBeChecked();
    expect(
      screen.queryByRole('button', { name: /new lines/ }),
    ).not.toBeInTheDocument();

    push(logEndFrame());
    expect(await screen.findByText('3 lines')).toBeInTheDocument();
  });

  it('reads a finished step once and explains an empty log', async () => {
    server.use(
      http.get(`${API}/runs/default/r1/logs`, () =>
        HttpResponse.json({ lines: [], complete: true }),
      ),
    );
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="push" live={false} />,
    );
    expect(
      await screen.findByText('This step wrote no output.'),
    ).toBeInTheDocument();
  });

  it('shows a log error', async () => {
    server.use(
      http.get(`${API}/runs/default/r1/logs`, () =>
        errorBody('Error', 'pod gone', 502),
      ),
    );
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="push" live={false} />,
    );
    expect(
      await screen.findByText(/Could not read the logs/),
    ).toBeInTheDocument();
  });

  const gone = {
    task: 'fetch',
    reason: 'podGone',
    unavailable:
      "step fetch has no pod: its logs are not available (its pod was garbage-collected; OpenChoreo's observer has no lines for it)",
  } satisfies StepLogStatus;

  it('says why a finished step has no log instead of an empty view', async () => {
    server.use(
      http.get(`${API}/runs/default/r1/logs`, () =>
        HttpResponse.json({ lines: [], complete: false, steps: [gone] }),
      ),
    );
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="fetch" live={false} />,
    );
    expect(await screen.findByText(gone.unavailable)).toBeInTheDocument();
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
    expect(
      screen.queryByText('This step wrote no output.'),
    ).not.toBeInTheDocument();
  });

  it('says why on the stream too, and stops waiting when it ends', async () => {
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, () =>
        sseResponse([logStatusFrame(gone), logEndFrame()]),
      ),
    );
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="fetch" live />,
    );
    expect(await screen.findByText(gone.unavailable)).toBeInTheDocument();
    expect(await screen.findByText('0 lines')).toBeInTheDocument();
    expect(screen.queryByText('Waiting for output…')).not.toBeInTheDocument();
  });

  it('names the observer beside lines read from it', async () => {
    const note =
      "read from OpenChoreo's observer: its pod was garbage-collected";
    server.use(
      http.get(`${API}/runs/default/r1/logs`, () =>
        HttpResponse.json({
          lines: [{ task: 'fetch', text: 'fetched 12 repositories' }],
          complete: true,
          steps: [
            { task: 'fetch', source: 'observer', reason: 'podGone', note },
          ],
        }),
      ),
    );
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="fetch" live={false} />,
    );
    expect(await screen.findByText(note)).toBeInTheDocument();
    expect(screen.getByText('1 line')).toBeInTheDocument();
  });
});
