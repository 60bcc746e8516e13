import { Response } from 'express';

/** Writes one Server-Sent Event and pushes it through any compression buffer. */
export function sendEvent(res: Response, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  (res as Response & { flush?: () => void }).flush?.();
}

/** Sets up a Server-Sent Events response with keep-alive comments. */
export function startEventStream(res: Response, onClose: () => void) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  res.flushHeaders?.();
  const ping = setInterval(() => {
    res.write(': ping\n\n');
    (res as Response & { flush?: () => void }).flush?.();
  }, 15_000);
  res.on('close', () => {
    clearInterval(ping);
    onClose();
  });
}
