import http, { IncomingMessage, ServerResponse } from 'http';
import { parse as parseYaml } from 'yaml';
import {
  apiGroupList,
  apiGroupOf,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from './discovery';
import { ApiError, badRequest, methodNotAllowed, pathNotFound } from './errors';
import { openApiV3GroupVersion, openApiV3Root } from './openapi';
import { patchTypeOf } from './patch';
import { asTable } from './tables';
import { PodLogStore } from './podLogs';
import { PODS } from './resources';
import { ObjectStore } from './store';
import { apiVersionOf, KubeObject, ResourceType } from './types';

export interface ApiServerOptions {
  store: ObjectStore;
  logs: PodLogStore;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (ms). */
  bookmarkIntervalMs?: number;
}

interface Route {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watch: boolean;
}

const send = (res: ServerResponse, code: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
};

const sendText = (res: ServerResponse, text: string) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(text);
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  const ct = req.headers['content-type'] ?? '';
  try {
    return ct.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the request body could not be decoded: ${(e as Error).message}`,
    );
  }
}

const truthy = (v: string | null) => v === 'true' || v === '1';

/** The Kubernetes REST API over node's http server. */
export function createApiServer(options: ApiServerOptions): http.Server {
  const { store, logs } = options;
  const registry = store.registry;
  const bookmarkMs = options.bookmarkIntervalMs ?? 10000;

  function resolve(segments: string[]): Route | undefined {
    let group = '';
    let version: string;
    let rest: string[];
    if (segments[0] === 'api') {
      version = segments[1];
      rest = segments.slice(2);
    } else {
      group = segments[1];
      version = segments[2];
      rest = segments.slice(3);
    }
    let watch = false;
    if (rest[0] === 'watch') {
      watch = true;
      rest = rest.slice(1);
    }
    let namespace: string | undefined;
    if (
      rest[0] === 'namespaces' &&
      rest.length >= 3 &&
      !(
        group === '' &&
        rest.length === 3 &&
        ['status', 'finalize'].includes(rest[2])
      )
    ) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const rt = registry.byPlural(group, version, rest[0]);
    if (!rt || rest.length > 3) return undefined;
    if (namespace && !rt.namespaced) return undefined;
    return { rt, namespace, name: rest[1], subresource: rest[2], watch };
  }

  function listBody(rt: ResourceType, result: ReturnType<ObjectStore['list']>) {
    return {
      kind: rt.listKind,
      apiVersion: apiVersionOf(rt),
      metadata: {
        resourceVersion: result.resourceVersion,
        ...(result.continue
          ? {
              continue: result.continue,
              remainingItemCount: result.remainingItemCount,
            }
          : {}),
      },
      items: result.items,
    };
  }

  function serveWatch(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    q: URLSearchParams,
  ) {
    const allowBookmarks = truthy(q.get('allowWatchBookmarks'));
    const sendInitial = q.get('sendInitialEvents');
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache',
    });
    res.flushHeaders?.();
    const write = (type: string, object: unknown) => {
      if (!res.writableEnded)
        res.write(`${JSON.stringify({ type, object })}\n`);
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
    let watcher: { stop(): void } | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      watcher?.stop();
      timers.forEach(t => clearTimeout(t));
      if (!res.writableEnded) res.end();
    };
    req.on('close', finish);
    res.on('close', finish);
    try {
      const rv = q.get('resourceVersion') ?? undefined;
      watcher = store.watch(
        route.rt,
        {
          namespace: route.namespace,
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector:
            [
              q.get('fieldSelector'),
              route.name ? `metadata.name=${route.name}` : null,
            ]
              .filter(Boolean)
              .join(',') || undefined,
          resourceVersion: rv,
          sendInitialEvents:
            sendInitial === null ? undefined : truthy(sendInitial),
        },
        write,
      );
      if (truthy(sendInitial) && allowBookmarks)
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

  function serveLogs(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    q: URLSearchParams,
  ) {
    const pod = store.get(PODS, route.namespace, route.name!);
    const containers: string[] = ((pod as any).spec?.containers ?? []).map(
      (c: any) => c.name,
    );
    let container = q.get('container') ?? undefined;
    if (!container) {
      const preferred =
        pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
      if (containers.length === 1) container = containers[0];
      else if (preferred && containers.includes(preferred))
        container = preferred;
      else
        throw badRequest(
          `a container name must be specified for pod ${
            pod.metadata.name
          }, choose one of: [${containers.join(' ')}]`,
        );
    }
    if (
      !containers.includes(container) &&
      !((pod as any).spec?.initContainers ?? []).some(
        (c: any) => c.name === container,
      )
    ) {
      throw badRequest(
        `container ${container} is not valid for pod ${pod.metadata.name}`,
      );
    }
    const ns = route.namespace!;
    const withTs = truthy(q.get('timestamps'));
    const sinceTime = q.get('sinceTime');
    const sinceSeconds = Number(q.get('sinceSeconds'));
    let since: number | undefined;
    if (sinceTime) since = Date.parse(sinceTime);
    else if (sinceSeconds > 0) since = Date.now() - sinceSeconds * 1000;
    const tail =
      q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
    let limitBytes =
      q.get('limitBytes') !== null ? Number(q.get('limitBytes')) : Infinity;
    const format = (l: { timestamp: string; text: string }) =>
      `${withTs ? `${l.timestamp} ` : ''}${l.text}\n`;
    const keep = (l: { timestamp: string }) =>
      since === undefined || Date.parse(l.timestamp) >= since;
    let lines = logs.read(ns, pod.metadata.name, container).filter(keep);
    if (tail !== undefined && tail >= 0)
      lines = tail === 0 ? [] : lines.slice(-tail);
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Transfer-Encoding': 'chunked',
    });
    const write = (text: string) => {
      if (res.writableEnded) return;
      if (limitBytes <= 0) return;
      const chunk = Buffer.from(text).subarray(0, limitBytes);
      limitBytes -= chunk.length;
      res.write(chunk);
    };
    lines.forEach(l => write(format(l)));
    if (
      !truthy(q.get('follow')) ||
      logs.isClosed(ns, pod.metadata.name, container)
    ) {
      res.end();
      return;
    }
    const stop = logs.follow(
      ns,
      pod.metadata.name,
      container,
      l => keep(l) && write(format(l)),
      () => {
        stop();
        res.end();
      },
    );
    req.on('close', stop);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    const segments = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const host = `${req.socket.localAddress}:${req.socket.localPort}`;

    if (['/healthz', '/readyz', '/livez'].includes(url.pathname)) {
      return sendText(res, 'ok');
    }
    if (url.pathname === '/version') return send(res, 200, VERSION_INFO);
    if (url.pathname === '/openapi/v3')
      return send(res, 200, openApiV3Root(registry));
    if (segments[0] === 'openapi' && segments[1] === 'v3') {
      const [group, version] =
        segments[2] === 'api' ? ['', segments[3]] : [segments[3], segments[4]];
      const doc = openApiV3GroupVersion(registry, group ?? '', version ?? '');
      return doc
        ? send(res, 200, doc)
        : send(res, 404, pathNotFound(url.pathname).status);
    }
    if (url.pathname === '/api') return send(res, 200, apiVersions(host));
    if (url.pathname === '/apis') return send(res, 200, apiGroupList(registry));
    if (segments[0] === 'api' && segments.length === 2) {
      const list = apiResourceList(registry, '', segments[1]);
      return list
        ? send(res, 200, list)
        : send(res, 404, pathNotFound(url.pathname).status);
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const group = apiGroupOf(registry, segments[1]);
      return group
        ? send(res, 200, group)
        : send(res, 404, pathNotFound(url.pathname).status);
    }
    if (segments[0] === 'apis' && segments.length === 3) {
      const list = apiResourceList(registry, segments[1], segments[2]);
      return list
        ? send(res, 200, list)
        : send(res, 404, pathNotFound(url.pathname).status);
    }
    const route =
      (segments[0] === 'api' || segments[0] === 'apis') && segments.length > 2
        ? resolve(segments)
        : undefined;
    if (!route) return send(res, 404, pathNotFound(url.pathname).status);
    const { rt } = route;
    const dryRun = q.getAll('dryRun').includes('All');
    const wantsTable = (req.headers.accept ?? '').includes('as=Table');

    if (
      route.subresource &&
      !(rt.subresources ?? []).includes(route.subresource)
    ) {
      return send(res, 404, pathNotFound(url.pathname).status);
    }
    if (route.subresource === 'log') {
      if (method !== 'GET')
        throw methodNotAllowed(
          `the server does not allow this method on the requested resource`,
        );
      return serveLogs(req, res, route, q);
    }
    const subresource = route.subresource === 'status' ? 'status' : undefined;
    const watch = route.watch || truthy(q.get('watch'));

    if (!route.name) {
      switch (method) {
        case 'GET': {
          if (watch) return serveWatch(req, res, route, q);
          const result = store.list(rt, {
            namespace: route.namespace,
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
            limit: q.get('limit') ? Number(q.get('limit')) : undefined,
            continue: q.get('continue') ?? undefined,
          });
          return send(
            res,
            200,
            wantsTable
              ? asTable(rt, result.items, result.resourceVersion)
              : listBody(rt, result),
          );
        }
        case 'POST': {
          const body = ((await readBody(req)) ?? {}) as KubeObject;
          if (rt.namespaced) {
            body.metadata = {
              ...(body.metadata ?? {}),
              namespace: body.metadata?.namespace ?? route.namespace,
            } as any;
            if (
              route.namespace &&
              body.metadata.namespace !== route.namespace
            ) {
              throw badRequest(
                'the namespace of the provided object does not match the namespace sent on the request',
              );
            }
          }
          return send(res, 201, store.create(rt, body, { dryRun }));
        }
        case 'DELETE': {
          const result = store.list(rt, {
            namespace: route.namespace,
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
          });
          const deleted = result.items.map(o =>
            store.delete(rt, o.metadata.namespace, o.metadata.name, { dryRun }),
          );
          return send(
            res,
            200,
            listBody(rt, {
              items: deleted,
              resourceVersion: store.resourceVersion,
            }),
          );
        }
        default:
          throw methodNotAllowed(
            `the server does not allow this method on the requested resource`,
          );
      }
    }

    switch (method) {
      case 'GET': {
        if (watch) return serveWatch(req, res, route, q);
        const obj = store.get(rt, route.namespace, route.name);
        return send(
          res,
          200,
          wantsTable
            ? asTable(rt, [obj], obj.metadata.resourceVersion ?? '')
            : obj,
        );
      }
      case 'PUT': {
        const body = ((await readBody(req)) ?? {}) as KubeObject;
        return send(
          res,
          200,
          store.update(rt, body, {
            subresource,
            dryRun,
            namespace: route.namespace,
            name: route.name,
          }),
        );
      }
      case 'PATCH': {
        const type = patchTypeOf(req.headers['content-type']);
        const body = await readBody(req);
        return send(
          res,
          200,
          store.patch(rt, route.namespace, route.name, type, body, {
            subresource,
            dryRun,
          }),
        );
      }
      case 'DELETE': {
        const body = ((await readBody(req)) ?? {}) as any;
        const deleted = store.delete(rt, route.namespace, route.name, {
          preconditions: body.preconditions,
          dryRun,
        });
        if (rt === PODS) logs.deletePod(route.namespace!, route.name);
        return send(res, 200, deleted);
      }
      default:
        throw methodNotAllowed(
          `the server does not allow this method on the requested resource`,
        );
    }
  }

  return http.createServer((req, res) => {
    handle(req, res).catch(e => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e instanceof ApiError) send(res, e.code, e.status);
      else
        send(res, 500, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: String(e?.message ?? e),
          reason: 'InternalError',
          code: 500,
        });
    });
  });
}
