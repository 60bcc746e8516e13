import http from 'http';
import { AddressInfo, Socket } from 'net';

/**
 * A server listening on 127.0.0.1 that can drop its connections, stop
 * listening and listen again on the same port (for fault injection).
 */
export interface LoopbackListener {
  url: string;
  dropConnections(): void;
  /** Stops listening and drops the open connections. */
  close(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
}

/** Starts `server` listening on 127.0.0.1 at `port` (0: a free one). */
export async function listenOnLoopback(
  server: http.Server,
  requestedPort: number,
): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const dropConnections = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    dropConnections,
    close: () =>
      new Promise<void>(resolve => {
        if (!server.listening) resolve();
        else server.close(() => resolve());
        dropConnections();
      }),
    resume: () =>
      new Promise<void>((resolve, reject) => {
        if (server.listening) return resolve();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
        return undefined;
      }),
  };
}
