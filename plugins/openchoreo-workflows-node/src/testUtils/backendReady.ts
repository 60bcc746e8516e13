import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEALTH_PATH = '/api/openchoreo-workflows/health';

/**
 * Waits until the openchoreo-workflows backend listening on `server` (the
 * `server` of `startTestBackend`) says on `/health` that it is ready: every
 * cluster's watch caches listed and reachable. Fails after `timeoutMs` with
 * what `/health` answered last (or why it could not be asked), instead of
 * letting the test go on against a backend that is not ready.
 *
 * @public
 */
export async function waitForBackendReady(
  server: Server,
  timeoutMs = 30_000,
): Promise<void> {
  const address = server.address() as AddressInfo | null;
  if (!address || typeof address === 'string') {
    throw new Error('waitForBackendReady: the backend server is not listening');
  }
  const url = `http://127.0.0.1:${address.port}${HEALTH_PATH}`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const res = await fetch(url);
      const text = await res.text();
      if (res.ok && JSON.parse(text).ready === true) return;
      last = `${res.status} ${text}`;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the openchoreo-workflows backend was not ready after ${
          timeoutMs / 1000
        } s; ${HEALTH_PATH} answered: ${last}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
}
