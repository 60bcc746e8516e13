import { http } from 'msw';
import {
  API,
  closedFrame,
  errorBody,
  mswServer,
  runDetail,
  runEvent,
  runFrame,
  sseResponse,
} from '../testUtils';
import { readEventStream, SseMessage, SseParser } from './sse';
import type { StreamInterruption } from './types';

describe('SseParser', () => {
  const parse = (chunks: string[]) => {
    const messages: SseMessage[] = [];
    const parser = new SseParser(m => messages.push(m));
    chunks.forEach(c => parser.push(c));
    return messages;
  };

  it('reads events split across chunks, ignoring comments', () => {
    expect(
      parse([
        ': ping\n\nevent: li',
        'ne\ndata: {"a":1}\n',
        '\nevent: end\ndata: {}\n\n',
      ]),
    ).toEqual([
      { event: 'line', data: '{"a":1}' },
      { event: 'end', data: '{}' },
    ]);
  });

  it('joins multi-line data, ignores ids (the backend sends none) and handles CRLF', () => {
    expect(parse(['id: 7\r\ndata: a\r\ndata: b\r', '\n\r\n'])).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });
});

describe('readEventStream', () => {
  const server = mswServer();
  const URL_ = `${API}/stream`;

  /** Reads the stream until it stops by itself or `stopAfter` opens; what it heard. */
  async function read(stopAfterOpens = Infinity) {
    const heard: {
      opens: boolean[];
      messages: string[];
      interruptions: StreamInterruption[];
    } = { opens: [], messages: [], interruptions: [] };
    const controller = new AbortController();
    await readEventStream({
      fetch: (url, init) => fetch(url, init),
      url: URL_,
      signal: controller.signal,
      retryDelaysMs: [1],
      onOpen: ({ reconnected }) => {
        heard.opens.push(reconnected);
        if (heard.opens.length > stopAfterOpens) controller.abort();
      },
      onMessage: m => heard.messages.push(m.event),
      onInterrupted: i => heard.interruptions.push(i),
    });
    return heard;
  }

  it('stops for good on a closed event whose reason is denied, and hands over why', async () => {
    let requests = 0;
    server.use(
      http.get(URL_, () => {
        requests++;
        return sseResponse(
          [
            runFrame(runEvent('MODIFIED', runDetail())),
            closedFrame('denied', 'you may no longer read these runs'),
          ],
          { close: true },
        );
      }),
    );
    const heard = await read();
    expect(requests).toBe(1);
    expect(heard.messages).toEqual(['run']);
    expect(heard.interruptions).toEqual([
      {
        reason: 'denied',
        message: 'you may no longer read these runs',
        retrying: false,
      },
    ]);
  });

  it('reconnects after a closed event that says to reconnect (expired sign-in)', async () => {
    let requests = 0;
    server.use(
      http.get(URL_, () => {
        requests++;
        return requests === 1
          ? sseResponse(
              [
                closedFrame(
                  'expired',
                  'your sign-in expired at 2026-11-30T10:00:00.000Z; reconnect to go on',
                ),
              ],
              { close: true },
            )
          : sseResponse();
      }),
    );
    const heard = await read(1);
    expect(requests).toBe(2);
    expect(heard.opens).toEqual([false, true]);
    expect(heard.interruptions).toEqual([
      expect.objectContaining({ reason: 'expired', retrying: true }),
    ]);
  });

  it('retries while the per-user cap of streams is reached (429), with its message', async () => {
    let requests = 0;
    const cap =
      'too many live streams: at most 10 per user (openchoreoWorkflows.streams.perUser); close one to open another';
    server.use(
      http.get(URL_, () => {
        requests++;
        return requests === 1
          ? errorBody('TooManyStreamsError', cap, 429)
          : sseResponse();
      }),
    );
    const heard = await read(0);
    expect(requests).toBe(2);
    expect(heard.interruptions).toEqual([
      { reason: 'too-many-streams', message: cap, retrying: true },
    ]);
  });

  it('does not retry a refusal that cannot get better by itself (404)', async () => {
    let requests = 0;
    server.use(
      http.get(URL_, () => {
        requests++;
        return errorBody('NotFoundError', 'no WorkflowRuns found', 404);
      }),
    );
    const heard = await read();
    expect(requests).toBe(1);
    expect(heard.opens).toEqual([]);
    expect(heard.interruptions).toEqual([
      { reason: 'refused', message: 'no WorkflowRuns found', retrying: false },
    ]);
  });

  it('sends no Last-Event-ID: a reconnected stream starts afresh', async () => {
    const lastEventIds: Array<string | null> = [];
    server.use(
      http.get(URL_, ({ request }) => {
        lastEventIds.push(request.headers.get('Last-Event-ID'));
        return sseResponse(['id: 41\nevent: run\ndata: {}\n\n'], {
          close: true,
        });
      }),
    );
    await read(1);
    expect(lastEventIds).toEqual([null, null]);
  });
});
