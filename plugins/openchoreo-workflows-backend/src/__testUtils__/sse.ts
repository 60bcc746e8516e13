import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One Server-Sent Event: its name, its parsed data and the `stamp` taken as it arrived. */
export interface SseEvent<S = undefined> {
  event: string;
  data: any;
  stamp?: S;
}

/** A port, a backend under test (`port()`) or a listening `http.Server`. */
export type SseTarget = number | { port(): number } | http.Server;

export interface SseOptions<S> {
  headers?: http.OutgoingHttpHeaders;
  /** Called as each event arrives; its answer is kept on the event (arrival time, the run's phase then, …). */
  stamp?: () => S;
  /** A stream silent this long fails (the server pings every 15 s). */
  idleTimeoutMs?: number;
}

const portOf = (target: SseTarget) => {
  if (typeof target === 'number') return target;
  if ('port' in target && typeof target.port === 'function')
    return target.port();
  return ((target as http.Server).address() as AddressInfo).port;
};

/**
 * A text/event-stream client on 127.0.0.1 that parses what it reads, as a
 * browser's EventSource would receive it.
 */
export function openSse<S = undefined>(
  target: SseTarget,
  path: string,
  { headers = {}, stamp, idleTimeoutMs = 45_000 }: SseOptions<S> = {},
) {
  const events: SseEvent<S>[] = [];
  const waiters = new Set<() => void>();
  let comments = 0;
  let buffer = '';
  let status = 0;
  let ended = false;
  let response: http.IncomingMessage | undefined;
  let onConnected!: () => void;
  let onDone!: () => void;
  let onFailed!: (e: Error) => void;
  const connected = new Promise<void>(resolve => {
    onConnected = resolve;
  });
  const done = new Promise<void>((resolve, reject) => {
    onDone = resolve;
    onFailed = reject;
  });
  // Awaiting `done` is optional: a client that only watches `ended` must not leave a rejection unhandled.
  done.catch(() => undefined);
  const wake = () => [...waiters].forEach(w => w());
  const finish = (error?: Error) => {
    ended = true;
    if (error) onFailed(error);
    else onDone();
    wake();
  };

  const req = http.get(
    { host: '127.0.0.1', port: portOf(target), path, headers },
    res => {
      response = res;
      status = res.statusCode ?? 0;
      if (status !== 200) onFailed(new Error(`GET ${path}: ${status}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (
          let i = buffer.indexOf('\n\n');
          i >= 0;
          i = buffer.indexOf('\n\n')
        ) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (block.startsWith(':')) {
            comments++;
            onConnected();
          }
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event)
            events.push({
              event,
              data: data && JSON.parse(data),
              ...(stamp && { stamp: stamp() }),
            });
        }
        wake();
      });
      res.on('end', () => finish());
      res.on('error', finish);
      wake();
    },
  );
  req.on('error', finish);
  // Never longer than the test: a stream that does not end is a failure, not a hang.
  req.setTimeout(idleTimeoutMs, () =>
    req.destroy(new Error(`GET ${path}: silent for ${idleTimeoutMs} ms`)),
  );

  return {
    /** Every event so far, in order. */
    events,
    /** The data of the events named `event`, in order. */
    dataOf: <T = any>(event: string): T[] =>
      events.filter(e => e.event === event).map(e => e.data as T),
    /** Resolves at the server's first comment: the subscription is in place. */
    connected,
    /** Resolves when the stream ends; rejects on a status other than 200, an error or silence. */
    done,
    /**
     * Resolves once `check` holds, checked on every chunk read; rejects after
     * `timeoutMs` naming `what` and the events received.
     */
    until(
      check: () => boolean,
      what = 'the awaited state',
      timeoutMs = 30_000,
    ) {
      return new Promise<void>((resolve, reject) => {
        // eslint-disable-next-line prefer-const -- assigned below, cleared by the check
        let timer: ReturnType<typeof setTimeout> | undefined;
        const w = () => {
          if (!check()) return;
          waiters.delete(w);
          clearTimeout(timer);
          resolve();
        };
        timer = setTimeout(() => {
          waiters.delete(w);
          const seen = events.map(e => `${e.event} ${JSON.stringify(e.data)}`);
          reject(
            new Error(
              `no ${what} on ${path} within ${timeoutMs} ms; received: ${
                seen.join(', ').slice(0, 2000) || 'nothing'
              }`,
            ),
          );
        }, timeoutMs);
        waiters.add(w);
        w();
      });
    },
    /** Hangs up, as a closed browser tab does. */
    close: () => req.destroy(),
    get status() {
      return status;
    },
    get ended() {
      return ended;
    },
    get comments() {
      return comments;
    },
    get response() {
      return response;
    },
  };
}

export type SseClient<S = undefined> = ReturnType<typeof openSse<S>>;
