import { IncomingMessage, ServerResponse } from 'http';
import { ApiError } from '../errors';
import { ObjectStore, Watcher } from '../store';
import { apiVersionOf, KubeObject } from '../types';
import { Route, truthy } from './routes';
import { asTable, wantsTable } from './tables';

/** The store watch a watch request asks for (a named object is a field selector on its name). */
function watchOptions(route: Route, q: URLSearchParams) {
  const sendInitial = q.get('sendInitialEvents');
  return {
    namespace: route.namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector:
      [
        q.get('fieldSelector'),
        route.name ? `metadata.name=${route.name}` : null,
      ]
        .filter(Boolean)
        .join(',') || undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    sendInitialEvents: sendInitial === null ? undefined : truthy(sendInitial),
  };
}

/**
 * With `Accept: ...;as=Table` (kubectl get -w) every change arrives as a one-row Table, the
 * column definitions only in the first, as the apiserver sends them; ERROR and BOOKMARK
 * objects stay as they are.
 */
function tableEncoder(route: Route, asTables: boolean) {
  let headersSent = false;
  return (type: string, object: unknown) => {
    if (!asTables || !['ADDED', 'MODIFIED', 'DELETED'].includes(type))
      return object;
    const obj = object as KubeObject;
    const table = asTable(route.rt, [obj], obj.metadata.resourceVersion ?? '', {
      noHeaders: headersSent,
    });
    headersSent = true;
    return table;
  };
}

/**
 * A watch over HTTP: one JSON event per line, BOOKMARKs every `bookmarkMs` (and 2 s before the
 * deadline) when allowed, the end of the initial events marked, and a 410 as an ERROR event.
 */
export function serveWatch(
  store: ObjectStore,
  bookmarkMs: number,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  q: URLSearchParams,
  open?: Set<() => void>,
) {
  const allowBookmarks = truthy(q.get('allowWatchBookmarks'));
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders?.();
  const encode = tableEncoder(route, wantsTable(req));
  const write = (type: string, object: unknown) => {
    if (!res.writableEnded)
      res.write(`${JSON.stringify({ type, object: encode(type, object) })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: route.rt.kind,
      apiVersion: apiVersionOf(route.rt),
      metadata: {
        resourceVersion: store.resourceVersion,
        ...(annotations ? { annotations } : {}),
      },
    });
  let watcher: Watcher | undefined;
  const timers: NodeJS.Timeout[] = [];
  const finish = () => {
    open?.delete(finish);
    watcher?.stop();
    timers.forEach(t => clearTimeout(t));
    if (!res.writableEnded) res.end();
  };
  open?.add(finish);
  req.on('close', finish);
  res.on('close', finish);
  try {
    watcher = store.watch(route.rt, watchOptions(route, q), write);
    if (truthy(q.get('sendInitialEvents')) && allowBookmarks)
      bookmark({ 'k8s.io/initial-events-end': 'true' });
  } catch (e) {
    if (e instanceof ApiError) {
      write('ERROR', e.status);
      finish();
      return;
    }
    throw e;
  }
  if (allowBookmarks) timers.push(setInterval(() => bookmark(), bookmarkMs));
  const timeout = Number(q.get('timeoutSeconds'));
  if (timeout > 0) timers.push(setTimeout(finish, timeout * 1000));
  // Like the apiserver's watch cache: a bookmark 2 s before the watch's deadline.
  if (allowBookmarks && timeout > 2)
    timers.push(setTimeout(() => bookmark(), (timeout - 2) * 1000));
}
