import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { compareResourceVersions } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { scrubKubeMessage } from '../cluster/kubeErrors';
import { collectionPath, listCollection } from './listCollection';
import { ObjectIndex } from './ObjectIndex';

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

/** How many deleted uids a cache remembers; a write's answer arrives long before this many deletions. */
const MAX_DELETED_UIDS = 10_000;
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
  readonly #objects: ObjectIndex<T>;
  readonly #listeners = new Set<CacheListener<T>>();
  /** Uids the watch reported deleted (the newest ones), so a late write of ours cannot bring one back. */
  readonly #deletedUids = new Set<string>();
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
    this.#objects = new ObjectIndex(opts.indexers);
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
    return this.#objects.byIndex(index, key);
  }

  onChange(listener: CacheListener<T>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies an object we just wrote, so reads right after a write see it. */
  upsertLocal(obj: T) {
    // Created and then deleted before our write's answer came back: it is gone.
    if (obj.metadata.uid && this.#deletedUids.has(obj.metadata.uid)) return;
    const current = this.#objects.get(keyOf(obj));
    if (isSameOrNewer(current, obj)) return;
    this.#apply(current ? 'MODIFIED' : 'ADDED', obj);
  }

  #path(namespace?: string) {
    const { group, version, plural } = this.#opts;
    return collectionPath(group, version, plural, namespace);
  }

  async #list(namespace?: string): Promise<string> {
    const { items, resourceVersion } = await listCollection<T>(
      this.#opts.kubeConfig,
      this.#path(namespace),
      this.resource,
    );
    this.stats.lists++;
    this.#replace(items, namespace);
    return resourceVersion;
  }

  /**
   * Replaces the content of one scope with a fresh list, emitting the
   * differences. A list is the truth even when its versions are lower than
   * the cached ones (a control plane restored or replaced starts over).
   */
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
    for (const [key, obj] of this.#objects.entries()) {
      const inScope = !namespace || obj.metadata.namespace === namespace;
      if (inScope && !seen.has(key)) this.#apply('DELETED', obj);
    }
  }

  #rememberDeleted(uid: string | undefined) {
    if (!uid) return;
    this.#deletedUids.add(uid);
    if (this.#deletedUids.size > MAX_DELETED_UIDS) {
      const oldest = this.#deletedUids.values().next().value;
      if (oldest !== undefined) this.#deletedUids.delete(oldest);
    }
  }

  #apply(type: CacheEventType, raw: T) {
    const obj = strip(raw);
    const key = keyOf(obj);
    if (type === 'DELETED') {
      this.#objects.delete(key);
      this.#rememberDeleted(obj.metadata.uid);
    } else this.#objects.set(key, obj);
    for (const listener of this.#listeners) {
      try {
        listener(type, obj);
      } catch (e) {
        this.#opts.logger.warn(`cache listener failed: ${e}`);
      }
    }
  }

  /** List, then watch until the stream ends; repeat forever with backoff on errors. */
  #run(namespace?: string) {
    const scope: Scope = {
      namespace,
      stopped: false,
      backoff: this.#opts.initialBackoffMs ?? 500,
      firstList: true,
    };
    this.#streams.push({
      stop: () => {
        scope.stopped = true;
        scope.abort?.abort();
        if (scope.timer) clearTimeout(scope.timer);
      },
    });
    this.#loop(scope);
  }

  #schedule(scope: Scope, ms: number) {
    if (scope.stopped || this.#stopped) return;
    scope.timer = setTimeout(() => this.#loop(scope), ms);
  }

  /**
   * After an error the next attempt lists again: the server may have been
   * replaced (a restarted control plane forgets resourceVersions) and a
   * watch from a resourceVersion it never issued would stay silent.
   */
  #retryAfterError(scope: Scope, why: string) {
    this.stats.errors++;
    this.#unreached(why);
    scope.resourceVersion = undefined;
    this.#opts.logger.warn(
      `${this.resource}: ${why}; retrying in ${scope.backoff} ms`,
    );
    this.#schedule(scope, scope.backoff);
    scope.backoff = Math.min(
      scope.backoff * 2,
      this.#opts.maxBackoffMs ?? 30_000,
    );
  }

  async #loop(scope: Scope) {
    try {
      if (!scope.resourceVersion) {
        scope.resourceVersion = await this.#list(scope.namespace);
        this.#reached();
        scope.backoff = this.#opts.initialBackoffMs ?? 500;
        if (scope.firstList) {
          scope.firstList = false;
          this.#readyCount++;
          if (this.isReady()) this.#resolveReady();
        }
      }
    } catch (e) {
      this.#retryAfterError(scope, String(e));
      return;
    }
    if (scope.stopped || this.#stopped) return;
    await this.#watch(scope);
  }

  /** Watches from the scope's resourceVersion until the stream ends, then schedules what comes next. */
  async #watch(scope: Scope) {
    let gone = false;
    let watchError: string | undefined;
    this.stats.watches++;
    const timeoutSeconds =
      this.#opts.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 60);
    const { resourceVersion } = scope;
    try {
      // Watch#watch reports connection errors through the done callback, not by rejecting.
      scope.abort = await new Watch(this.#opts.kubeConfig).watch(
        this.#path(scope.namespace),
        { resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
        (phase, obj: any) => {
          this.#reached();
          if (phase === 'BOOKMARK') {
            scope.resourceVersion =
              obj?.metadata?.resourceVersion ?? scope.resourceVersion;
            return;
          }
          if (phase === 'ERROR') {
            if (obj?.code === 410) gone = true;
            else watchError = `watch error ${obj?.code}: ${obj?.message}`;
            scope.abort?.abort();
            return;
          }
          if (
            phase === 'ADDED' ||
            phase === 'MODIFIED' ||
            phase === 'DELETED'
          ) {
            scope.resourceVersion = obj.metadata.resourceVersion;
            const held = this.#objects.get(keyOf(obj));
            if (phase === 'DELETED' || !isSameOrNewer(held, obj)) {
              this.#apply(phase, obj as T);
            }
            scope.backoff = this.#opts.initialBackoffMs ?? 500;
          }
        },
        err => {
          if (scope.stopped || this.#stopped) return;
          if (gone) {
            this.stats.relistsOnGone++;
            this.#opts.logger.info(
              `${this.resource}: resourceVersion expired (410), relisting`,
            );
            scope.resourceVersion = undefined;
            this.#schedule(scope, 0);
          } else if (watchError) {
            // Not a hot loop: an ERROR event (e.g. 500, 504) waits like any other error.
            this.#retryAfterError(scope, watchError);
          } else if (err && err.name !== 'AbortError') {
            const status = (err as { statusCode?: number }).statusCode;
            this.#retryAfterError(
              scope,
              `watch ended: ${err}${status ? ` (HTTP ${status})` : ''}`,
            );
          } else {
            this.#schedule(scope, 0); // normal timeout: resume from the last resourceVersion
          }
        },
      );
    } catch (e) {
      this.#retryAfterError(scope, `watch failed: ${e}`);
    }
  }
}

/** The state of one namespace's (or the whole collection's) list-then-watch loop. */
interface Scope {
  namespace?: string;
  abort?: AbortController;
  timer?: NodeJS.Timeout;
  stopped: boolean;
  /** The wait before the next attempt after an error. */
  backoff: number;
  /** Where the next watch starts; undefined: list first. */
  resourceVersion?: string;
  firstList: boolean;
}

/**
 * Whether `held` is this version of the object or a newer one (common's
 * compareResourceVersions; versions that do not compare never are): a write
 * of ours, or a watch event that arrives after our write's newer result,
 * then changes nothing.
 */
function isSameOrNewer(held: CachedObject | undefined, obj: CachedObject) {
  const order = compareResourceVersions(
    held?.metadata.resourceVersion,
    obj.metadata.resourceVersion,
  );
  return held !== undefined && order !== undefined && order >= 0;
}

function strip<T extends CachedObject>(obj: T): T {
  if (!('managedFields' in obj.metadata)) return obj;
  const { managedFields: _ignored, ...metadata } = obj.metadata as Record<
    string,
    unknown
  >;
  return { ...obj, metadata } as T;
}
