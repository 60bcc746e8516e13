/** One server-sent event. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Incremental parser of a `text/event-stream` body (WHATWG rules: `event`,
 * `data` (multi-line), `id`; comments and `retry` ignored).
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

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
          id: this.id,
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
    else if (field === 'id') this.id = value;
  }
}

/** Options of {@link readEventStream}. */
export interface ReadEventStreamOptions {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  url: string;
  signal?: AbortSignal;
  onMessage: (message: SseMessage) => void;
  /** Called each time a connection opens; `reconnected` is false the first time. */
  onOpen?: (info: { reconnected: boolean; resumed: boolean }) => void;
  onError?: (error: unknown) => void;
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

/**
 * Reads an event stream with `fetch` (so Backstage's token is sent, unlike
 * EventSource) and reconnects with backoff until aborted or `isDone()`.
 * Resolves when it stops; never rejects.
 */
export async function readEventStream(options: ReadEventStreamOptions) {
  const { signal, retryDelaysMs = [1000, 2000, 5000, 10000] } = options;
  let attempt = 0;
  const resume: { lastEventId?: string } = {};
  let connections = 0;
  while (!signal?.aborted && !options.isDone?.()) {
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (resume.lastEventId) headers['Last-Event-ID'] = resume.lastEventId;
      const response = await options.fetch(options.url, { headers, signal });
      if (!response.ok || !response.body) {
        throw new Error(
          `Event stream failed: ${response.status} ${response.statusText}`,
        );
      }
      options.onOpen?.({
        reconnected: connections > 0,
        resumed: Boolean(resume.lastEventId),
      });
      connections++;
      attempt = 0;
      const parser = new SseParser(message => {
        if (message.id) resume.lastEventId = message.id;
        options.onMessage(message);
      });
      const reader = response.body.getReader();
      // Not every fetch implementation ends a body on abort; cancel it ourselves.
      const cancel = () => {
        reader.cancel().catch(() => {});
      };
      signal?.addEventListener('abort', cancel);
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
          if (options.isDone?.() || signal?.aborted) {
            cancel();
            break;
          }
        }
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    } catch (error) {
      if (signal?.aborted) return;
      options.onError?.(error);
    }
    if (signal?.aborted || options.isDone?.()) return;
    await sleep(
      retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)],
      signal,
    );
    attempt++;
  }
}
