import { IncomingMessage, ServerResponse } from 'http';
import { badRequest, methodNotAllowed } from '../errors';
import { patchTypeOf } from '../patch';
import { PodLogStore } from '../podLogs';
import { PODS } from '../kinds/coreKinds';
import { ObjectStore } from '../store';
import { KubeObject, ResourceType } from '../types';
import { readObjectBody, readPatchBody } from './requestBody';
import { listBody, sendJson } from './responses';
import { Route } from './routes';
import { asTable, wantsTable } from './tables';

/** What the object handlers act on. */
export interface ObjectRequest {
  store: ObjectStore;
  logs: PodLogStore;
  req: IncomingMessage;
  res: ServerResponse;
  route: Route;
  q: URLSearchParams;
}

const notAllowed = () =>
  methodNotAllowed(
    `the server does not allow this method on the requested resource`,
  );

const dryRunOf = (q: URLSearchParams) => q.getAll('dryRun').includes('All');

/** The protobuf decoder of a kind, for the kinds clients send so. */
const protobufOf = (rt: ResourceType) =>
  rt.protobuf ? { kind: rt.kind, spec: rt.protobuf } : undefined;

/** A POST's object, in the URL's namespace (a different namespace in the body is refused). */
async function objectToCreate({ req, route }: ObjectRequest) {
  const body = ((await readObjectBody(req, protobufOf(route.rt))) ??
    {}) as KubeObject;
  if (route.rt.namespaced) {
    body.metadata = {
      ...(body.metadata ?? {}),
      namespace: body.metadata?.namespace ?? route.namespace,
    } as any;
    if (route.namespace && body.metadata.namespace !== route.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }
  return body;
}

/** GET (list), POST and DELETE (deletecollection) on a collection. */
export async function serveCollection(r: ObjectRequest) {
  const { store, req, res, route, q } = r;
  const { rt } = route;
  const dryRun = dryRunOf(q);
  const selectors = {
    namespace: route.namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
  };
  switch (req.method ?? 'GET') {
    case 'GET': {
      const result = store.list(rt, {
        ...selectors,
        limit: q.get('limit') ? Number(q.get('limit')) : undefined,
        continue: q.get('continue') ?? undefined,
      });
      return sendJson(
        res,
        200,
        wantsTable(req)
          ? asTable(rt, result.items, result.resourceVersion)
          : listBody(rt, result),
      );
    }
    case 'POST':
      return sendJson(
        res,
        201,
        store.create(rt, await objectToCreate(r), { dryRun }),
      );
    case 'DELETE': {
      const deleted = store
        .list(rt, selectors)
        .items.map(o =>
          store.delete(rt, o.metadata.namespace, o.metadata.name, { dryRun }),
        );
      return sendJson(
        res,
        200,
        listBody(rt, {
          items: deleted,
          resourceVersion: store.resourceVersion,
        }),
      );
    }
    default:
      throw notAllowed();
  }
}

/** GET, PUT, PATCH and DELETE on one object (or on its status subresource). */
export async function serveObject(r: ObjectRequest) {
  const { store, logs, req, res, route, q } = r;
  const { rt, namespace } = route;
  const name = route.name!;
  const dryRun = dryRunOf(q);
  const subresource = route.subresource === 'status' ? 'status' : undefined;
  switch (req.method ?? 'GET') {
    case 'GET': {
      const obj = store.get(rt, namespace, name);
      return sendJson(
        res,
        200,
        wantsTable(req)
          ? asTable(rt, [obj], obj.metadata.resourceVersion ?? '')
          : obj,
      );
    }
    case 'PUT': {
      const body = ((await readObjectBody(req, protobufOf(rt))) ??
        {}) as KubeObject;
      const opts = { subresource, dryRun, namespace, name } as const;
      return sendJson(res, 200, store.update(rt, body, opts));
    }
    case 'PATCH': {
      const type = patchTypeOf(req.headers['content-type']);
      const body = await readPatchBody(req);
      return sendJson(
        res,
        200,
        store.patch(rt, namespace, name, type, body, { subresource, dryRun }),
      );
    }
    case 'DELETE': {
      const body = ((await readObjectBody(req)) ?? {}) as any;
      const deleted = store.delete(rt, namespace, name, {
        preconditions: body.preconditions,
        dryRun,
      });
      if (rt === PODS) logs.deletePod(namespace!, name);
      return sendJson(res, 200, deleted);
    }
    default:
      throw notAllowed();
  }
}
