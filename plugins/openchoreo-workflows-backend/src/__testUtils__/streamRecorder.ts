import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One Server-Sent Event of `/stream`, with when it arrived (Date.now()). */
export interface RecordedEvent {
  at: number;
  event: string;
  data: any;
}

/**
 * Follows a backend's Server-Sent-Events route and keeps every event with its
 * arrival time, as a browser's EventSource would receive them.
 */
export function recordStream(server: http.Server, path: string) {
  const events: RecordedEvent[] = [];
  const { port } = server.address() as AddressInfo;
  let buffer = '';
  let opened: () => void;
  const ready = new Promise<void>(resolve => (opened = resolve));
  const req = http.get(
    { host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream' } },
    res => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = Date.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(': connected')) opened();
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ at, event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      });
    },
  );
  req.on('error', () => {});
  return { events, ready, stop: () => req.destroy() };
}

/** The p-th percentile (0..100) of some numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
