import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { KubeConfig, Log } from '@kubernetes/client-node';
import fetch, { Response } from 'node-fetch';
import { Writable } from 'node:stream';
import {
  kubeRequestError,
  kubeUnreachableError,
  newErrorId,
} from './kubeErrors';

export { KubeApiError } from './kubeErrors';

const VERBS: Record<string, string> = {
  GET: 'read',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};
const STARTS_WITH_VERB = /^(read|list|get|create|update|patch|delete|watch) /;

/** Options of {@link KubeClient}. @public */
export interface KubeClientOptions {
  /** The cluster's configured name, for messages (default: the kubeconfig's cluster name). */
  cluster?: string;
  /** Where the full detail of a failed request goes, with the error id the client is shown. */
  logger?: LoggerService;
}

/**
 * The few Kubernetes calls the plugin makes besides its watches, over the
 * connection (TLS, token) that client-node's KubeConfig describes.
 *
 * @public
 */
export class KubeClient {
  readonly cluster: string;

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly options: KubeClientOptions = {},
  ) {
    this.cluster =
      options.cluster ?? kubeConfig.getCurrentCluster()?.name ?? 'default';
  }

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
    const action = STARTS_WITH_VERB.test(what)
      ? what
      : `${VERBS[method] ?? method} ${what}`;
    let res: Response;
    try {
      res = await fetch(url.toString(), {
        ...init,
        method,
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      const id = newErrorId();
      this.options.logger?.warn(
        `error ${id}: cluster '${this.cluster}': ${method} ${url} failed: ${e}`,
      );
      throw kubeUnreachableError(this.cluster, action, e, id);
    }
    const text = await res.text();
    if (!res.ok) {
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not a Status (a proxy's page, say): only the status code is shown.
        parsed = undefined;
      }
      const id = newErrorId();
      const log = [404, 409].includes(res.status) ? 'debug' : 'warn';
      this.options.logger?.[log](
        `error ${id}: cluster '${this.cluster}': ${method} ${url} answered ${
          res.status
        }: ${text.slice(0, 2000)}`,
      );
      throw kubeRequestError({
        cluster: this.cluster,
        action,
        status: res.status,
        body: parsed,
        secrets: this.#secrets(),
        id,
      });
    }
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? JSON.parse(text) : text) as T;
  }

  /** What must never reach a client: the API server's address and the connection's credentials. */
  #secrets(): string[] {
    const cluster = this.kubeConfig.getCurrentCluster();
    const user = this.kubeConfig.getCurrentUser();
    const secrets = [user?.token, user?.username, user?.password];
    if (cluster?.server) {
      secrets.push(cluster.server);
      try {
        secrets.push(new URL(cluster.server).host);
        secrets.push(new URL(cluster.server).hostname);
      } catch {
        // not a URL: the URL pattern scrubs it
      }
    }
    return secrets.filter((s): s is string => typeof s === 'string' && !!s);
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
      `read the log of pod ${namespace}/${pod}`,
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
