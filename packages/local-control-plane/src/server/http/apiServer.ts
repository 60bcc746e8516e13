import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { methodNotAllowed, pathNotFound } from '../errors';
import { PodLogStore } from '../podLogs';
import { ObjectStore } from '../store';
import { serveDiscovery } from './discoveryRoutes';
import { checkLoopbackRequest } from './loopbackGuard';
import { ObjectRequest, serveCollection, serveObject } from './objectRoutes';
import { serveLogs } from './podLogStream';
import { sendError, sendJson } from './responses';
import { resolveRoute, truthy } from './routes';
import { serveWatch } from './watchStream';

export interface ApiServerOptions {
  store: ObjectStore;
  logs: PodLogStore;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (ms). */
  bookmarkIntervalMs?: number;
  /** Where each open watch registers how to end it (the tests' fault hooks). */
  openWatches?: Set<() => void>;
}

/** The Kubernetes REST API over node's http server. */
export function createApiServer(options: ApiServerOptions): http.Server {
  const { store, logs } = options;
  const bookmarkMs = options.bookmarkIntervalMs ?? 10000;
  const server = http.createServer();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    checkLoopbackRequest(req, (server.address() as AddressInfo).port);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (serveDiscovery(store.registry, req, res, url.pathname)) return;
    const segments = url.pathname.split('/').filter(Boolean);
    const route = resolveRoute(store.registry, segments);
    const subresources = route?.rt.subresources ?? [];
    if (
      !route ||
      (route.subresource && !subresources.includes(route.subresource))
    ) {
      sendJson(res, 404, pathNotFound(url.pathname).status);
      return;
    }
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    if (route.subresource === 'log') {
      if (method !== 'GET')
        throw methodNotAllowed(
          `the server does not allow this method on the requested resource`,
        );
      serveLogs(store, logs, req, res, route, q);
    } else if (method === 'GET' && (route.watch || truthy(q.get('watch')))) {
      serveWatch(store, bookmarkMs, req, res, route, q, options.openWatches);
    } else {
      const request: ObjectRequest = { store, logs, req, res, route, q };
      await (route.name ? serveObject(request) : serveCollection(request));
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(e => sendError(res, e));
  });
  return server;
}
