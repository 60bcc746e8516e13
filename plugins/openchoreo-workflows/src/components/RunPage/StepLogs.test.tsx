import { registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { API, renderAt, sseFrame } from '../../testUtils/render';
import { StepLogs } from './StepLogs';

describe('StepLogs', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('streams, pauses following, counts new lines and resumes', async () => {
    let push: (frame: string) => void = () => {};
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, () => {
        const encoder = new TextEncoder();
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            push = frame => controller.enqueue(encoder.encode(frame));
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'text/event-stream' },
        });
      }),
    );
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="build" live />,
    );
    expect(await screen.findByText(/0 lines · streaming/)).toBeInTheDocument();
    push(sseFrame('line', { task: 'build', text: 'compiling' }));
    expect(await screen.findByText(/1 line · streaming/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    push(sseFrame('line', { task: 'build', text: 'linking' }));
    push(sseFrame('line', { task: 'build', text: 'done' }));
    const show = await screen.findByRole('button', {
      name: '2 new lines: show',
    });
    await userEvent.click(show);
    expect(screen.getByRole('checkbox', { name: 'Follow' })).toBeChecked();
    expect(
      screen.queryByRole('button', { name: /new lines/ }),
    ).not.toBeInTheDocument();

    push(sseFrame('end', {}));
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
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'pod gone' },
            response: { statusCode: 502 },
          },
          { status: 502 },
        ),
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
});
