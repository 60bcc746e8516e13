import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  longLogLines,
  logLineFrame,
  mswServer,
  openStream,
  renderAt,
  renderedLine,
} from '../../testUtils';
import { StepLogs } from './StepLogs';

describe('StepLogs with a long log', () => {
  const server = mswServer();

  function serveLog(count: number) {
    server.use(
      http.get(`${API}/runs/default/r1/logs`, () =>
        HttpResponse.json({ lines: longLogLines(1, count), complete: true }),
      ),
    );
  }

  it('renders only the visible lines of 100,000 and searches all of them', async () => {
    serveLog(100_000);
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="build" live={false} />,
    );
    expect(await screen.findByText('100000 lines')).toBeInTheDocument();
    const log = screen.getByRole('region', { name: 'Log of build' });
    expect(log.querySelectorAll('[data-line]').length).toBeLessThan(100);

    await userEvent.type(screen.getByLabelText('Search the log'), 'needle');
    expect(
      await screen.findByText('1 of 100 matching lines'),
    ).toBeInTheDocument();
    const first = renderedLine(1000)!;
    expect(within(first).getByText('NEEDLE').tagName).toBe('MARK');

    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('2 of 100 matching lines')).toBeInTheDocument();
    await waitFor(() => expect(renderedLine(2000)).not.toBeNull());

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous match' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous match' }),
    );
    expect(screen.getByText('100 of 100 matching lines')).toBeInTheDocument();
    await waitFor(() => expect(renderedLine(100_000)).not.toBeNull());
    expect(renderedLine(1)).toBeNull();
  });

  it('says when nothing matches and Enter walks the matches', async () => {
    serveLog(3000);
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="build" live={false} />,
    );
    const box = await screen.findByLabelText('Search the log');
    await userEvent.type(box, 'absent');
    expect(await screen.findByText('No matching lines')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next match' })).toBeDisabled();

    await userEvent.clear(box);
    await userEvent.type(box, 'needle{Enter}');
    expect(
      await screen.findByText('2 of 3 matching lines'),
    ).toBeInTheDocument();
    await userEvent.type(box, '{Shift>}{Enter}{Enter}{/Shift}');
    expect(screen.getByText('3 of 3 matching lines')).toBeInTheDocument();
  });

  it('links each line to itself and opens at a linked line', async () => {
    serveLog(5000);
    await renderAt(
      '/?step=build#L4321',
      <StepLogs namespace="default" runName="r1" task="build" live={false} />,
    );
    await waitFor(() => expect(renderedLine(4321)).not.toBeNull());
    expect(renderedLine(1)).toBeNull();
    const link = within(renderedLine(4321)!).getByRole('link', {
      name: '4321: copy a link to this line',
    });
    expect(link).toHaveAttribute(
      'href',
      '/openchoreo-workflows/?step=build#L4321',
    );
    // Opening at a linked line stops following, so new lines do not move it.
    expect(screen.getByRole('checkbox', { name: 'Follow' })).not.toBeChecked();
  });

  it('keeps the last streamed line in view while following, and stays at a match', async () => {
    const push = openStream(server, `${API}/runs/default/r1/logs/stream`);
    await renderAt(
      '/',
      <StepLogs namespace="default" runName="r1" task="build" live />,
    );
    expect(await screen.findByText(/0 lines · streaming/)).toBeInTheDocument();
    push(longLogLines(1, 1500).map(logLineFrame).join(''));
    expect(
      await screen.findByText(/1500 lines · streaming/),
    ).toBeInTheDocument();
    await waitFor(() => expect(renderedLine(1500)).not.toBeNull());
    expect(renderedLine(1)).toBeNull();

    await userEvent.type(screen.getByLabelText('Search the log'), 'needle');
    expect(await screen.findByText('1 of 1 matching line')).toBeInTheDocument();
    await waitFor(() => expect(renderedLine(1000)).not.toBeNull());
    expect(screen.getByRole('checkbox', { name: 'Follow' })).not.toBeChecked();

    push(longLogLines(1501, 2500).map(logLineFrame).join(''));
    expect(
      await screen.findByRole('button', { name: '1000 new lines: show' }),
    ).toBeInTheDocument();
    expect(renderedLine(1000)).not.toBeNull();
  });
});
