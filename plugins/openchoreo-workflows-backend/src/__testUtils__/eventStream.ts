import http from 'node:http';

/** One Server-Sent Event: its name and parsed data. */
export interface SseEvent {
  event: string;
  data: any;
}

/**
 * Reads a text/event-stream response of the backend under test until it ends
 * (`done`); a stream that does not end within `timeoutMs` fails.
 */
export function readEventStream(
  server: { port(): number },
  urlPath: string,
  timeoutMs = 45_000,
) {
  const events: SseEvent[] = [];
  let buffer = '';
  const done = new Promise<void>((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port: server.port(), path: urlPath },
      res => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${urlPath}: ${res.statusCode}`));
          res.resume();
          return;
        }
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
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event) events.push({ event, data: data && JSON.parse(data) });
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`GET ${urlPath}: no end after ${timeoutMs} ms`)),
    );
  });
  return { events, done };
}
