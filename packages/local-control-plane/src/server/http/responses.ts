import { ServerResponse } from 'http';
import { ApiError } from '../errors';
import { ListResult } from '../store';
import { apiVersionOf, ResourceType } from '../types';

export function sendJson(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, text: string) {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(text);
}

/** A failed request as the apiserver answers it: a Status body (500 InternalError if unexpected). */
export function sendError(res: ServerResponse, e: any) {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (e instanceof ApiError) {
    sendJson(res, e.code, e.status);
    return;
  }
  sendJson(res, 500, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: String(e?.message ?? e),
    reason: 'InternalError',
    code: 500,
  });
}

/** A `<Kind>List` body. */
export function listBody(rt: ResourceType, result: ListResult) {
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
