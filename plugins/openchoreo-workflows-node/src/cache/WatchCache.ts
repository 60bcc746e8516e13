import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import fetch from 'node-fetch';
import { scrubKubeMessage } from '../cluster/kubeErrors';

/** The minimum every cached Kubernetes object has. @public */
export interface CachedObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
  };
}

/** @public */
export type CacheEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
/** @public */
export type CacheListener<T> = (type: CacheEventType, obj: T) => void;

/** @public */
export interface WatchCacheOptions<T> {
  kubeConfig: KubeConfig;
  logger: LoggerService;
  /** API path of the collection without namespace, e.g. `/apis/openchoreo.dev/v1alpha1` + plural. */
  group: string;
  version: string;
  plural: string;
  /** Namespaces to watch; all (or cluster-scoped) when absent. */
  namespaces?: string[];
  /** Secondary indexes: their name and the keys of an object. */
  indexers?: Record<string, (obj: T) => string[]>;
  /** Longest wait between retries after errors (ms, default 30 s). */
  maxBackoffMs?: number;
  /** First wait after an error (ms, default 500); doubles up to maxBackoffMs. */
  initialBackoffMs?: number;
  /** Server-side timeout of each watch request (default 300-360 s, jittered). */
  watchTimeoutSeconds?: number;
}

/**
 * Whether the cache's last list or watch reached the API server, and since
 * when (ISO time); `lastError` (scrubbed of URLs, addresses and identities)
 * while it does not. A cache that never connected yet is not reachable.
 * @public
 */
export interface ConnectionState {
  reachable: boolean;
  since: string;
  lastError?: string;
}

const keyOf = (o: CachedObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * A list-then-watch cache of one resource type, like a client-go informer:
 * lists once, watches from the list's resourceVersion with bookmarks, relists
 * on 410 Gone, and retries with backoff on errors. Every read is served from
 * memory; `managedFields` are dropped to save it.
 *
 * @public
 */
export class WatchCache<T extends CachedObject> {
  readonly #opts: WatchCacheOptions<T>;
  readonly #objects = new Map<string, T>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  readonly #listeners = new Set<CacheListener<T>>();
  readonly #streams: Array<{ stop: () => void }> = [];
  #readyCount = 0;
  #stopped = false;
  #ready: Promise<void>;
  #resolveReady!: () => void;
  /** Counters for health reporting and tests. */
  readonly stats = { lists: 0, watches: 0, relistsOnGone: 0, errors: 0 };
  #connection: ConnectionState = {
    reachable: false,
    since: new Date().toISOString(),
  };

  constructor(opts: WatchCacheOptions<T>) {
    this.#opts = opts;
    for (const name of Object.keys(opts.indexers ?? {})) {
      this.#indexes.set(name, new Map());
    }
    this.#ready = new Promise(resolve => {
      this.#resolveReady = resolve;
    });
  }

  get resource() {
    return `${this.#opts.plural}.${this.#opts.group}`;
  }

  /** Starts listing and watching; resolves once every namespace was listed. */
  start(): Promise<void> {
    const scopes = this.#opts.namespaces?.length
      ? this.#opts.namespaces
      : [undefined];
    for (const namespace of scopes) this.#run(namespace);
    return this.#ready;
  }

  stop() {
    this.#stopped = true;
    for (const s of this.#streams) s.stop();
  }

  /** Whether the API server answers this cache's lists and watches, since when. */
  connection(): ConnectionState {
    return { ...this.#connection };
  }

  #reached() {
    if (this.#connection.reachable) return;
    this.#connection = { reachable: true, since: new Date().toISOString() };
  }

  #unreached(why: string) {
    const server = this.#opts.kubeConfig.getCurrentCluster()?.server;
    this.#connection = {
      reachable: false,
      since: this.#connection.reachable
        ? new Date().toISOString()
        : this.#connection.since,
      lastError: scrubKubeMessage(
        why,
        server ? [server, new URL(server).host] : [],
      ),
    };
  }

  isReady() {
    const scopes = this.#opts.namespaces?.length ?? 1;
    return this.#readyCount >= scopes;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#objects.get(`${namespace ?? ''}/${name}`);
  }

  list(): T[] {
    return [...this.#objects.values()];
  }

  byIndex(index: string, key: string): T[] {
    const keys = this.#indexes.get(index)?.get(key);
    if (!keys) return [];
    return [...keys].map(k => this.#objects.get(k)!).filter(Boolean);
  }

  onChange(listener: CacheListener<T>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies an object we just wrote, so reads right after a write see it. */
  upsertLocal(obj: T) {
    const current = this.#objects.get(keyOf(obj));
    if (
      current &&
      Number(current.metadata.resourceVersion) >=
        Number(obj.metadata.resourceVersion)
    ) {
      return;
    }
    this.#apply(current ? 'MODIFIED' : 'ADDED', obj);
  }

  #path(namespace?: string) {
    const { group, version, plural } = this.#opts;
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    return namespace
      ? `${base}/namespaces/${namespace}/${plural}`
      : `${base}/${plural}`;
  }

  async #list(namespace?: string): Promise<string> {
    const cluster = this.#opts.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const items: T[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const url = new URL(
        cluster.server.replace(/\/$/, '') + this.#path(namespace),
      );
      url.searchParams.set('limit', '500');
      if (cont) url.searchParams.set('continue', cont);
      const body = (await this.#request(url)) as {
        items: T[];
        metadata: { resourceVersion: string; continue?: string };
      };
      items.push(...body.items);
      cont = body.metadata.continue || undefined;
      resourceVersion = body.metadata.resourceVersion;
    } while (cont);
    this.stats.lists++;
    this.#replace(items, namespace);
    return resourceVersion;
  }

  async #request(url: URL): Promise<unknown> {
    const init = await this.#opts.kubeConfig.applyToFetchOptions({});
    const res = await fetch(url.toString(), init);
    if (!res.ok) {
      throw new Error(
        `list ${this.resource} failed: ${res.status} ${await res.text()}`,
      );
    }
    return res.json();
  }

  /** Replaces the content of one scope with a fresh list, emitting the differences. */
  #replace(items: T[], namespace?: string) {
    const seen = new Set<string>();
    for (const item of items) {
      const withKind = item;
      seen.add(keyOf(withKind));
      const current = this.#objects.get(keyOf(withKind));
      if (
        current?.metadata.resourceVersion !== withKind.metadata.resourceVersion
      ) {
        this.#apply(current ? 'MODIFIED' : 'ADDED', withKind);
      }
    }
    for (const [key, obj] of this.#objects) {
      const inScope = !namespace || obj.metadata.namespace === namespace;
      if (inScope && !seen.has(key)) this.#apply('DELETED', obj);
    }
  }

  #apply(type: CacheEventType, raw: T) {
    const obj = strip(raw);
    const key = keyOf(obj);
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    if (type === 'DELETED') this.#objects.delete(key);
    else {
      this.#objects.set(key, obj);
      this.#index(key, obj);
    }
    for (const listener of this.#listeners) {
      try {
        listener(type, obj);
      } catch (e) {
        this.#opts.logger.warn(`cache listener failed: ${e}`);
      }
    }
  }

  #index(key: string, obj: T) {
    for (const [name, fn] of Object.entries(this.#opts.indexers ?? {})) {
      const index = this.#indexes.get(name)!;
      for (const k of fn(obj)) {
        if (!index.has(k)) index.set(k, new Set());
        index.get(k)!.add(key);
      }
    }
  }

  #unindex(key: string, obj: T) {
    for (const [name, fn] of Object.entries(this.#opts.indexers ?? {})) {
      const index = this.#indexes.get(name)!;
      for (const k of fn(obj)) {
        index.get(k)?.delete(key);
        if (index.get(k)?.size === 0) index.delete(k);
      }
    }
  }

  /** List, then watch until the stream ends; repeat forever with backoff on errors. */
  #run(namespace?: string) {
    let abort: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    this.#streams.push({
      stop: () => {
        stopped = true;
        abort?.abort();
        if (timer) clearTimeout(timer);
      },
    });
    const initialBackoff = this.#opts.initialBackoffMs ?? 500;
    const maxBackoff = this.#opts.maxBackoffMs ?? 30_000;
    let backoff = initialBackoff;
    let resourceVersion: string | undefined;
    let firstList = true;

    // eslint-disable-next-line prefer-const -- assigned below, used by schedule
    let loop: () => Promise<void>;
    const schedule = (ms: number) => {
      if (stopped || this.#stopped) return;
      timer = setTimeout(() => loop(), ms);
    };
    /**
     * After an error the next attempt lists again: the server may have been
     * replaced (a restarted control plane forgets resourceVersions) and a
     * watch from a resourceVersion it never issued would stay silent.
     */
    const retryAfterError = (why: string) => {
      this.stats.errors++;
      this.#unreached(why);
      resourceVersion = undefined;
      this.#opts.logger.warn(
        `${this.resource}: ${why}; retrying in ${backoff} ms`,
      );
      schedule(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    };

    loop = async () => {
      try {
        if (!resourceVersion) {
          resourceVersion = await this.#list(namespace);
          this.#reached();
          backoff = initialBackoff;
          if (firstList) {
            firstList = false;
            this.#readyCount++;
            if (this.isReady()) this.#resolveReady();
          }
        }
      } catch (e) {
        retryAfterError(String(e));
        return;
      }
      if (stopped || this.#stopped) return;
      let gone = false;
      let watchError: string | undefined;
      this.stats.watches++;
      const timeoutSeconds =
        this.#opts.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 60);
      try {
        // Watch#watch reports connection errors through the done callback, not by rejecting.
        abort = await new Watch(this.#opts.kubeConfig).watch(
          this.#path(namespace),
          { resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (phase, obj: any) => {
            this.#reached();
            if (phase === 'BOOKMARK') {
              resourceVersion =
                obj?.metadata?.resourceVersion ?? resourceVersion;
              return;
            }
            if (phase === 'ERROR') {
              if (obj?.code === 410) gone = true;
              else watchError = `watch error ${obj?.code}: ${obj?.message}`;
              abort?.abort();
              return;
            }
            if (
              phase === 'ADDED' ||
              phase === 'MODIFIED' ||
              phase === 'DELETED'
            ) {
              resourceVersion = obj.metadata.resourceVersion;
              this.#apply(phase, obj as T);
              backoff = initialBackoff;
            }
          },
          err => {
            if (stopped || this.#stopped) return;
            if (gone) {
              this.stats.relistsOnGone++;
              this.#opts.logger.info(
                `${this.resource}: resourceVersion expired (410), relisting`,
              );
              resourceVersion = undefined;
              schedule(0);
            } else if (watchError) {
              // Not a hot loop: an ERROR event (e.g. 500, 504) waits like any other error.
              retryAfterError(watchError);
            } else if (err && err.name !== 'AbortError') {
              const status = (err as { statusCode?: number }).statusCode;
              retryAfterError(
                `watch ended: ${err}${status ? ` (HTTP ${status})` : ''}`,
              );
            } else {
              schedule(0); // normal timeout: resume from the last resourceVersion
            }
          },
        );
      } catch (e) {
        retryAfterError(`watch failed: ${e}`);
      }
    };
    loop();
  }
}

function strip<T extends CachedObject>(obj: T): T {
  if (!('managedFields' in obj.metadata)) return obj;
  const { managedFields: _ignored, ...metadata } = obj.metadata as Record<
    string,
    unknown
  >;
  return { ...obj, metadata } as T;
}
