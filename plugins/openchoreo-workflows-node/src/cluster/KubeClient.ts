import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { KubeConfig, Log } from '@kubernetes/client-node';
import fetch, { Response } from 'node-fetch';
import { Writable } from 'node:stream';

/** A Kubernetes `Status` error that has no matching Backstage error. @public */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

function toBackstageError(status: number, body: any, what: string): Error {
  const message = `${what}: ${body?.message ?? `HTTP ${status}`}`;
  switch (status) {
    case 400:
    case 422:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 503:
      return new ServiceUnavailableError(message);
    default:
      return new KubeApiError(status, body?.reason, message);
  }
}

/**
 * The few Kubernetes calls the plugin makes besides its watches, over the
 * connection (TLS, token) that client-node's KubeConfig describes.
 *
 * @public
 */
export class KubeClient {
  constructor(readonly kubeConfig: KubeConfig) {}

  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    return cluster.server.replace(/\/$/, '');
  }

  async request<T = any>(
    method: string,
    path: string,
    what: string,
    body?: unknown,
    query?: Record<string, string | number | boolean | undefined>,
  ): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    // node-fetch (as client-node itself uses) honours the TLS agent the KubeConfig builds.
    const init = await this.kubeConfig.applyToFetchOptions({
      headers: body ? { 'Content-Type': 'application/json' } : {},
    });
    let res: Response;
    try {
      res = await fetch(url.toString(), {
        ...init,
        method,
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `${what}: cannot reach ${this.server}: ${e}`,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { message: text };
      }
      throw toBackstageError(res.status, parsed, what);
    }
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? JSON.parse(text) : text) as T;
  }

  create(path: string, obj: unknown, what: string) {
    return this.request('POST', path, what, obj);
  }

  get(path: string, what: string) {
    return this.request('GET', path, what);
  }

  async getOptional(path: string, what: string) {
    try {
      return await this.get(path, what);
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }

  delete(path: string, what: string) {
    return this.request('DELETE', path, what, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Background',
    });
  }

  listPods(namespace: string, labelSelector: string) {
    return this.request<{ items: any[] }>(
      'GET',
      `/api/v1/namespaces/${namespace}/pods`,
      `list pods in ${namespace}`,
      undefined,
      { labelSelector },
    );
  }

  readPodLog(
    namespace: string,
    pod: string,
    container: string,
    opts: { sinceTime?: string } = {},
  ): Promise<string> {
    return this.request<string>(
      'GET',
      `/api/v1/namespaces/${namespace}/pods/${pod}/log`,
      `logs of pod ${namespace}/${pod}`,
      undefined,
      { container, timestamps: true, sinceTime: opts.sinceTime },
    );
  }

  /** Follows a pod's log; resolves with a controller that stops it. */
  followPodLog(
    namespace: string,
    pod: string,
    container: string,
    out: Writable,
    sinceTime?: string,
  ): Promise<AbortController> {
    return new Log(this.kubeConfig).log(namespace, pod, container, out, {
      follow: true,
      timestamps: true,
      sinceTime,
    });
  }
}
