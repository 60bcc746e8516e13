import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  API,
  longLogLines,
  closedFrame,
  logLineFrame,
  logStartFrame,
  mswServer,
  renderAt,
  renderedLine,
  sseResponse,
} from '../../testUtils';
import { EARLIER_PAGE_LINES, TAIL_LINES } from './heldLog';
import { StepLogs } from './StepLogs';

const TOTAL = 100_000;

describe('StepLogs of a live step with a long log', () => {
  const server = mswServer();
  let streamQueries: URLSearchParams[];
  let windowQueries: URLSearchParams[];

  /**
   * The backend's log stream of a 100,000-line log: from the asked offset
   * (negative: from the end), a `start` with its line number, then the
   * lines from there; and its window read (GET logs?offset&limit).
   */
  beforeEach(() => {
    streamQueries = [];
    windowQueries = [];
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        streamQueries.push(query);
        const asked = Number(query.get('offset'));
        const offset = asked < 0 ? Math.max(0, TOTAL + asked) : asked;
        return sseResponse([
          logStartFrame({ task: 'build', offset, total: TOTAL }),
          longLogLines(offset + 1, TOTAL)
            .map(logLineFrame)
            .join(''),
        ]);
      }),
      http.get(`${API}/runs/default/r1/logs`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        windowQueries.push(query);
        const offset = Number(query.get('offset'));
        const limit = Number(query.get('limit'));
        return HttpResponse.json({
          lines: longLogLines(offset + 1, Math.min(TOTAL, offset + limit)),
          complete: false,
          steps: [],
          offset,
          total: TOTAL,
        });
      }),
    );
  });

  const open = (path = '/') =>
    renderAt(
      path,
      <StepLogs namespace="default" runName="r1" task="build" live />,
    );

  it('opens at the tail and numbers the lines as the log does', async () => {
    await open();
    expect(
      await screen.findByText(`${TOTAL} lines · streaming`),
    ).toBeInTheDocument();
    expect(streamQueries.map(q => q.get('offset'))).toEqual([
      String(-TAIL_LINES),
    ]);
    expect(streamQueries[0].get('task')).toBe('build');
    const first = TOTAL - TAIL_LINES;
    expect(
      screen.getByText(`Lines 1–${first} are not loaded`, { exact: false }),
    ).toBeInTheDocument();

    await waitFor(() => expect(renderedLine(TOTAL)).not.toBeNull());
    expect(
      within(renderedLine(TOTAL)!).getByText(/step 100000: found the/),
    ).toBeInTheDocument();
    const link = within(renderedLine(TOTAL)!).getByRole('link', {
      name: `${TOTAL}: copy a link to this line`,
    });
    expect(link).toHaveAttribute(
      'href',
      `/openchoreo-workflows/?step=build#L${TOTAL}`,
    );
    expect(renderedLine(TAIL_LINES)).toBeNull();
    expect(windowQueries).toEqual([]);
  });

  it('opens a live log linked to a line in its middle at that line', async () => {
    await open('/?step=build#L50000');
    await waitFor(() => expect(renderedLine(50_000)).not.toBeNull());
    const offset = Number(streamQueries[0].get('offset'));
    expect(offset).toBeGreaterThan(40_000);
    expect(offset).toBeLessThan(50_000);
    expect(
      within(renderedLine(50_000)!).getByText(/step 50000: found/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`Lines 1–${offset} are not loaded`, { exact: false }),
    ).toBeInTheDocument();
    expect(renderedLine(TOTAL)).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Follow' })).not.toBeChecked();
  });

  it('loads earlier lines with the button and on scrolling to the top, keeping the view in place', async () => {
    await open();
    await screen.findByText(`${TOTAL} lines · streaming`);
    const first = TOTAL - TAIL_LINES;

    await userEvent.click(
      screen.getByRole('button', { name: 'Load earlier lines' }),
    );
    const earlier = first - EARLIER_PAGE_LINES;
    expect(
      await screen.findByText(`Lines 1–${earlier} are not loaded`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(windowQueries.map(q => Object.fromEntries(q))).toEqual([
      {
        task: 'build',
        offset: String(earlier),
        limit: String(EARLIER_PAGE_LINES),
      },
    ]);
    expect(screen.getByText(`${TOTAL} lines · streaming`)).toBeInTheDocument();

    // A user's scroll to the top (jsdom scrolls to 0) stops following and loads the page before.
    const log = screen.getByRole('region', { name: 'Log of build' });
    fireEvent.scroll(log, { target: { scrollTop: 0 } });
    const earliest = earlier - EARLIER_PAGE_LINES;
    expect(
      await screen.findByText(`Lines 1–${earliest} are not loaded`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(windowQueries[1].get('offset')).toBe(String(earliest));
    expect(screen.getByRole('checkbox', { name: 'Follow' })).not.toBeChecked();
    // The lines that were at the top stay there, below the ones put before them.
    await waitFor(() => expect(renderedLine(earlier + 1)).not.toBeNull());
    expect(renderedLine(earliest + 1)).toBeNull();
  });

  it('searches the loaded lines, says so, and keeps the current match when earlier lines load', async () => {
    await open();
    await screen.findByText(`${TOTAL} lines · streaming`);
    await userEvent.type(screen.getByLabelText('Search the log'), 'needle');
    expect(
      await screen.findByText('1 of 2 matching lines in the loaded lines'),
    ).toBeInTheDocument();
    await waitFor(() => expect(renderedLine(99_000)).not.toBeNull());

    await userEvent.click(
      screen.getByRole('button', { name: 'Load earlier lines' }),
    );
    expect(
      await screen.findByText('2 of 3 matching lines in the loaded lines'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous match' }),
    );
    expect(
      screen.getByText('1 of 3 matching lines in the loaded lines'),
    ).toBeInTheDocument();
    await waitFor(() => expect(renderedLine(98_000)).not.toBeNull());
    expect(within(renderedLine(98_000)!).getByText('NEEDLE').tagName).toBe(
      'MARK',
    );
  });

  it('keeps the lines before where a reconnected stream starts again', async () => {
    let connections = 0;
    server.use(
      http.get(`${API}/runs/default/r1/logs/stream`, ({ request }) => {
        streamQueries.push(new URL(request.url).searchParams);
        connections++;
        if (connections === 1)
          return sseResponse(
            [
              logStartFrame({ task: 'build', offset: 98_000, total: TOTAL }),
              longLogLines(98_001, TOTAL).map(logLineFrame).join(''),
              closedFrame('slow-client', 'the client read too slowly'),
            ],
            { close: true },
          );
        // Meanwhile 500 more lines: the tail now starts at 99,000 (of 100,500).
        return sseResponse([
          logStartFrame({ task: 'build', offset: 99_000, total: 100_500 }),
          longLogLines(99_001, 100_500).map(logLineFrame).join(''),
        ]);
      }),
    );
    await open();
    expect(
      await screen.findByText('100500 lines · streaming'),
    ).toBeInTheDocument();
    expect(streamQueries.map(q => q.get('offset'))).toEqual([
      String(-TAIL_LINES),
      String(-TAIL_LINES),
    ]);
    expect(
      screen.getByText('Lines 1–98000 are not loaded', { exact: false }),
    ).toBeInTheDocument();
  });
});
