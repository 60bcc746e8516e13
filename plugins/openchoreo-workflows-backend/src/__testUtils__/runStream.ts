import type {
  RunEvent,
  RunPhase,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import request from 'supertest';

/** The order a run's phase moves in. */
export const PHASE_ORDER: RunPhase[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
];

export interface OpenRunStream {
  /** The `run` events received so far, parsed, in order. */
  events: RunEvent[];
  /** Resolves once the server's first comment arrived (the subscription is in place). */
  connected: Promise<void>;
  /**
   * Resolves when `check()` holds, checked on every event; rejects after
   * `timeoutMs` naming `what` and the events received.
   */
  until(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens `GET /api/openchoreo-workflows/stream?<query>` and parses its events as they arrive. */
export function openRunStream(
  server: any,
  query = '',
  authorization?: string,
): OpenRunStream {
  const events: RunEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let response: { destroy(): void } | undefined;
  let closed = false;
  let onConnected!: () => void;
  const connected = new Promise<void>(resolve => {
    onConnected = resolve;
  });

  const frame = (text: string) => {
    if (text.startsWith(':')) {
      onConnected();
      return;
    }
    const fields = Object.fromEntries(
      text.split('\n').map(line => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trimStart()];
      }),
    );
    if (fields.event === 'run') events.push(JSON.parse(fields.data));
  };

  const get = request(server).get(`/api/openchoreo-workflows/stream?${query}`);
  if (authorization) get.set('Authorization', authorization);
  get
    .buffer(false)
    .parse((res, callback) => {
      response = res as unknown as { destroy(): void };
      if (closed) response.destroy();
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of [...waiters]) wake();
      });
      res.on('close', () => callback(null, null));
      res.on('error', () => callback(null, null));
    })
    .then(
      () => undefined,
      () => undefined,
    );

  return {
    events,
    connected,
    until(check, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        // eslint-disable-next-line prefer-const -- assigned below, cleared by the check
        let timer: ReturnType<typeof setTimeout> | undefined;
        const wake = () => {
          if (!check()) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = events.map(
            e => `${e.type} ${e.run.name} ${e.run.phase}`,
          );
          reject(
            new Error(
              `no ${what} on the live stream within ${timeoutMs} ms; received: ${
                seen.join(', ') || 'nothing'
              }`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        wake();
      });
    },
    close() {
      closed = true;
      response?.destroy();
    },
  };
}
