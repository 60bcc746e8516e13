import http from 'node:http';

/** A text/event-stream client on 127.0.0.1 that parses what it reads. */
export function connect(
  port: number,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
) {
  const events: Array<{ event: string; data: any }> = [];
  const waiters = new Set<() => void>();
  let comments = 0;
  let buffer = '';
  let status = 0;
  let ended = false;
  let response: http.IncomingMessage | undefined;
  const wake = () => waiters.forEach(w => w());
  const req = http.get({ host: '127.0.0.1', port, path, headers }, res => {
    response = res;
    status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (block.startsWith(':')) comments++;
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data && JSON.parse(data) });
      }
      wake();
    });
    res.on('end', () => {
      ended = true;
      wake();
    });
    wake();
  });
  req.on('error', () => {
    ended = true;
    wake();
  });
  /** Resolves once `check` holds, checked on every chunk the client reads. */
  const until = (check: () => boolean) =>
    new Promise<void>(resolve => {
      const w = () => {
        if (!check()) return;
        waiters.delete(w);
        resolve();
      };
      waiters.add(w);
      w();
    });
  return {
    events,
    req,
    until,
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
