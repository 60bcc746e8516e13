import type { StreamInterruption } from './types';

/** One server-sent event. */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Incremental parser of a `text/event-stream` body (WHATWG rules: `event`,
 * `data` (multi-line); comments, `id` and `retry` ignored: the backend sends
 * no ids, a reconnected stream starts afresh).
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  push(chunk: string) {
    this.buffer += chunk;
    for (;;) {
      const index = this.buffer.search(/\r\n|\r|\n/);
      if (index < 0) break;
      const line = this.buffer.slice(0, index);
      const newlineLength = this.buffer.startsWith('\r\n', index) ? 2 : 1;
      // A lone '\r' at the end may be the first half of '\r\n'; wait for more.
      if (
        newlineLength === 1 &&
        this.buffer[index] === '\r' &&
        index === this.buffer.length - 1
      ) {
        break;
      }
      this.buffer = this.buffer.slice(index + newlineLength);
      this.line(line);
    }
  }

  private line(line: string) {
    if (line === '') {
      if (this.data.length > 0) {
        this.onMessage({
          event: this.event || 'message',
          data: this.data.join('\n'),
        });
      }
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

/** Options of {@link readEventStream}. */
export interface ReadEventStreamOptions {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  url: string;
  signal?: AbortSignal;
  onMessage: (message: SseMessage) => void;
  /**
   * Called each time a connection opens; `reconnected` is false the first
   * time. A reconnected stream does not carry what changed meanwhile.
   */
  onOpen?: (info: { reconnected: boolean }) => void;
  onError?: (error: unknown) => void;
  /** The server ended the stream early or refused it, and whether it is tried again. */
  onInterrupted?: (interruption: StreamInterruption) => void;
  /** Stop reading (without reconnecting) once this returns true. */
  isDone?: () => boolean;
  /** Reconnection delays in ms; the last one repeats. */
  retryDelaysMs?: number[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Reasons of the server's `closed` event after which reconnecting cannot help. */
const FINAL_REASONS = ['denied'];

/**
 * The server's `closed` event (its last: `{reason, message}`, see the
 * backend's OpenAPI document) as an interruption; denied is final, the
 * others (expired sign-in, unverified permission, slow client) end with
 * "reconnect to go on", which a reconnection does with a fresh token.
 */
function closedEvent(data: string): StreamInterruption {
  let body: { reason?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(data) ?? {};
  } catch {
    // A closed event without a readable body still ends the stream.
  }
  const reason = typeof body.reason === 'string' ? body.reason : 'unknown';
  const message =
    typeof body.message === 'string' ? body.message : 'the server ended it';
  return { reason, message, retrying: !FINAL_REASONS.includes(reason) };
}

/**
 * A refused connection: 429 (the caller's cap of live streams) is tried
 * again, as a stream may close meanwhile; another 4xx cannot get better by
 * itself, so it is final; a 5xx or a network failure is an error, retried.
 */
async function refusal(
  response: Response,
): Promise<StreamInterruption | undefined> {
  const { status } = response;
  if (status < 400 || status >= 500 || status === 408) return undefined;
  const body = await response.json().catch(() => undefined);
  const message =
    typeof body?.error?.message === 'string'
      ? body.error.message
      : `${status} ${response.statusText}`.trim();
  return status === 429
    ? { reason: 'too-many-streams', message, retrying: true }
    : { reason: 'refused', message, retrying: false };
}

/**
 * Reads an event stream with `fetch` (so Backstage's token is sent, unlike
 * EventSource) and reconnects with backoff until aborted, `isDone()`, or an
 * interruption that is final. Resolves when it stops; never rejects.
 */
export async function readEventStream(options: ReadEventStreamOptions) {
  const { signal, retryDelaysMs = [1000, 2000, 5000, 10000] } = options;
  let attempt = 0;
  let connections = 0;
  let final = false;
  const interrupted = (interruption: StreamInterruption) => {
    final = !interruption.retrying;
    options.onInterrupted?.(interruption);
  };
  const stopped = () => signal?.aborted || final || options.isDone?.();
  while (!stopped()) {
    try {
      const response = await options.fetch(options.url, {
        headers: { Accept: 'text/event-stream' },
        signal,
      });
      const refused = await refusal(response);
      if (refused) interrupted(refused);
      else if (!response.ok || !response.body) {
        throw new Error(
          `Event stream failed: ${response.status} ${response.statusText}`,
        );
      } else {
        options.onOpen?.({ reconnected: connections > 0 });
        connections++;
        attempt = 0;
        await readBody(response.body, signal, stopped, message => {
          if (message.event === 'closed')
            interrupted(closedEvent(message.data));
          else options.onMessage(message);
        });
      }
    } catch (error) {
      if (signal?.aborted) return;
      options.onError?.(error);
    }
    if (stopped()) return;
    await sleep(
      retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)],
      signal,
    );
    attempt++;
  }
}

/** Parses a response body into messages until it ends or `stop()`. */
async function readBody(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  stop: () => boolean | undefined,
  onMessage: (message: SseMessage) => void,
) {
  const parser = new SseParser(onMessage);
  const reader = body.getReader();
  // Not every fetch implementation ends a body on abort; cancel it ourselves.
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', cancel);
  const decoder = new TextDecoder();
  try {
    // Stopped while opening (by `onOpen`, say): nothing will end the body.
    if (stop()) cancel();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
      if (stop()) {
        cancel();
        break;
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
