import { randomUUID } from 'crypto';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  forbidden,
  gone,
  invalid,
  namespaceNotFound,
  notFound,
} from './errors';
import { applyPatch, PatchType } from './patch';
import { NAMESPACES, ResourceRegistry } from './resources';
import { makeFilter, matchesFilter, ObjectFilter } from './selectors';
import {
  apiVersionOf,
  KubeObject,
  ResourceType,
  StatusCause,
  StoreEvent,
} from './types';

export interface StoreOptions {
  /** How many past events a watch can resume from; older versions get 410 Gone. */
  watchHistorySize?: number;
  registry?: ResourceRegistry;
  /**
   * TEST ONLY: accept writes with a stale resourceVersion (no 409 Conflict). Exists solely so a
   * test can prove the Kubernetes API contract suite catches such a deviation.
   */
  unsafeSkipResourceVersionCheck?: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** '' or undefined: current state as ADDED events, then changes. 'N': changes after N. */
  resourceVersion?: string;
  /** With resourceVersion '' or '0': send the current state (default true, as the apiserver does). */
  sendInitialEvents?: boolean;
}

export interface Watcher {
  stop(): void;
}

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const clone = <T>(v: T): T => structuredClone(v);
const keyOf = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;
/** Byte order, as etcd keys sort (paging relies on `key > continueKey`). */
const compareKeys = (a: string, b: string) => (a < b ? -1 : Number(a > b));

/** Compares everything except the fields the server maintains. */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

const specOf = (o: KubeObject) => {
  const {
    metadata: _m,
    status: _s,
    apiVersion: _a,
    kind: _k,
    ...rest
  } = o as any;
  return JSON.stringify(rest);
};

/**
 * The in-memory "etcd": objects per resource type, one global resourceVersion counter,
 * a bounded event history for watches, and the apiserver's object semantics.
 */
export class ObjectStore {
  readonly registry: ResourceRegistry;
  private rv = 1;
  private readonly objects = new Map<ResourceType, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private compactedRv = 0;
  private historySize: number;
  private readonly skipResourceVersionCheck: boolean;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(options: StoreOptions = {}) {
    this.registry = options.registry ?? new ResourceRegistry();
    this.historySize = options.watchHistorySize ?? 1000;
    this.skipResourceVersionCheck = !!options.unsafeSkipResourceVersionCheck;
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      this.create(NAMESPACES, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
    }
    const crdType = this.registry.get(
      'apiextensions.k8s.io',
      'customresourcedefinitions',
    );
    for (const crd of this.registry.crdObjects())
      this.create(crdType, clone(crd));
  }

  /** The current (latest) resourceVersion. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Changes the watch history window; shrinking it compacts immediately (tests use this). */
  setWatchHistorySize(size: number) {
    this.historySize = size;
    this.compact();
  }

  /** In-process subscription to every change (used by the controller). */
  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(rt: ResourceType): Map<string, KubeObject> {
    let b = this.objects.get(rt);
    if (!b) {
      b = new Map();
      this.objects.set(rt, b);
    }
    return b;
  }

  private compact() {
    while (this.history.length > this.historySize) {
      const dropped = this.history.shift()!;
      this.compactedRv = dropped.resourceVersion;
    }
  }

  private emit(
    rt: ResourceType,
    type: StoreEvent['type'],
    object: KubeObject,
    previous?: KubeObject,
  ) {
    const event: StoreEvent = {
      type,
      resourceVersion: Number(object.metadata.resourceVersion),
      resource: rt,
      object: clone(object),
      previous: previous ? clone(previous) : undefined,
    };
    this.history.push(event);
    this.compact();
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // listeners must not break writes
      }
    }
  }

  private nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  private lookup = (
    resource: string,
    group: string,
    namespace: string | undefined,
    name: string,
  ) => {
    const rt = this.registry.all.find(
      r => r.group === group && r.plural === resource,
    );
    if (!rt) return undefined;
    const found = this.bucket(rt).get(
      keyOf(rt.namespaced ? namespace : undefined, name),
    );
    return found ? clone(found) : undefined;
  };

  private checkNamespace(rt: ResourceType, namespace: string | undefined) {
    if (!rt.namespaced) return;
    if (!namespace)
      throw badRequest('an empty namespace may not be set during creation');
    if (!this.bucket(NAMESPACES).has(keyOf(undefined, namespace)))
      throw namespaceNotFound(namespace);
  }

  private validate(
    rt: ResourceType,
    obj: KubeObject,
    old: KubeObject | undefined,
  ) {
    const causes: StatusCause[] = [];
    const name = obj.metadata.name;
    if (!old) {
      if (!name)
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        });
      else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(
            name,
          )}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
          field: 'metadata.name',
        });
      }
    }
    causes.push(
      ...(rt.admit?.({
        operation: old ? 'UPDATE' : 'CREATE',
        object: obj,
        old,
        lookup: this.lookup,
      }) ?? []),
    );
    causes.push(...(rt.validate?.(obj) ?? []));
    if (causes.length) throw invalid(rt, name ?? '', causes);
  }

  get(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.bucket(rt).get(
      keyOf(rt.namespaced ? namespace : undefined, name),
    );
    if (!found) throw notFound(rt, name);
    return clone(found);
  }

  tryGet(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const found = this.bucket(rt).get(
      keyOf(rt.namespaced ? namespace : undefined, name),
    );
    return found ? clone(found) : undefined;
  }

  create(
    rt: ResourceType,
    input: KubeObject,
    opts: { dryRun?: boolean } = {},
  ): KubeObject {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(rt);
    obj.kind = rt.kind;
    obj.metadata = { ...(obj.metadata ?? {}) } as KubeObject['metadata'];
    const meta = obj.metadata;
    if (!rt.namespaced) delete meta.namespace;
    if (!meta.name && meta.generateName) {
      let candidate: string;
      do {
        candidate =
          meta.generateName +
          Array.from(
            { length: 5 },
            () => NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)],
          ).join('');
      } while (this.bucket(rt).has(keyOf(meta.namespace, candidate)));
      meta.name = candidate;
    }
    this.checkNamespace(rt, meta.namespace);
    const existingNs =
      meta.namespace && this.tryGet(NAMESPACES, undefined, meta.namespace);
    if (existingNs && existingNs.metadata.deletionTimestamp) {
      throw forbidden(
        rt,
        meta.name,
        `unable to create new content in namespace ${meta.namespace} because it is being terminated`,
      );
    }
    if (rt.hasStatusSubresource) delete (obj as any).status;
    delete meta.deletionTimestamp;
    delete meta.resourceVersion;
    this.validate(rt, obj, undefined);
    if (this.bucket(rt).has(keyOf(meta.namespace, meta.name)))
      throw alreadyExists(rt, meta.name);
    rt.prepareForCreate?.(obj);
    meta.uid = randomUUID();
    meta.creationTimestamp = now();
    if (rt.hasGeneration) meta.generation = 1;
    else delete meta.generation;
    if (opts.dryRun) return obj;
    meta.resourceVersion = this.nextRv();
    this.bucket(rt).set(keyOf(meta.namespace, meta.name), obj);
    this.emit(rt, 'ADDED', obj);
    return clone(obj);
  }

  /**
   * Replaces an object. `subresource: 'status'` writes only the status; a main write keeps the
   * stored status when the type has a status subresource.
   */
  update(
    rt: ResourceType,
    input: KubeObject,
    opts: {
      subresource?: 'status';
      dryRun?: boolean;
      namespace?: string;
      name?: string;
    } = {},
  ): KubeObject {
    const incoming = clone(input);
    const name = opts.name ?? incoming.metadata?.name;
    const namespace = rt.namespaced
      ? opts.namespace ?? incoming.metadata?.namespace
      : undefined;
    if (!incoming.metadata) incoming.metadata = { name };
    if (incoming.metadata.name && incoming.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (
      rt.namespaced &&
      incoming.metadata.namespace &&
      incoming.metadata.namespace !== namespace
    ) {
      throw badRequest(
        `the namespace of the provided object does not match the namespace sent on the request`,
      );
    }
    const old = this.bucket(rt).get(keyOf(namespace, name));
    if (!old) throw notFound(rt, name);
    const rv = incoming.metadata.resourceVersion;
    if (!rv && rt.requireResourceVersionOnUpdate && !opts.subresource) {
      throw invalid(rt, name, [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0x0: must be specified for an update',
          field: 'metadata.resourceVersion',
        },
      ]);
    }
    if (
      rv &&
      rv !== old.metadata.resourceVersion &&
      !this.skipResourceVersionCheck
    )
      throw conflict(rt, name);

    let next: KubeObject;
    if (opts.subresource === 'status') {
      next = { ...clone(old), status: incoming.status };
      if (incoming.status === undefined) delete (next as any).status;
    } else {
      next = incoming;
      next.apiVersion = apiVersionOf(rt);
      next.kind = rt.kind;
      if (rt.hasStatusSubresource) {
        if (old.status === undefined) delete (next as any).status;
        else next.status = clone(old.status);
      }
      const m = next.metadata;
      m.name = name;
      if (rt.namespaced) m.namespace = namespace;
      else delete m.namespace;
      m.uid = old.metadata.uid;
      m.creationTimestamp = old.metadata.creationTimestamp;
      m.generation = old.metadata.generation;
      if (old.metadata.deletionTimestamp) {
        m.deletionTimestamp = old.metadata.deletionTimestamp;
        m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
        const added = (m.finalizers ?? []).filter(
          f => !(old.metadata.finalizers ?? []).includes(f),
        );
        if (added.length) {
          throw forbidden(
            rt,
            name,
            `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(
              added,
            )}`,
          );
        }
      } else {
        delete m.deletionTimestamp;
        delete m.deletionGracePeriodSeconds;
      }
      if (m.finalizers && m.finalizers.length === 0) delete m.finalizers;
      this.validate(rt, next, old);
      if (rt.hasGeneration && specOf(next) !== specOf(old))
        m.generation = (old.metadata.generation ?? 0) + 1;
    }
    if (opts.subresource === 'status') this.validateStatusOnly(rt, next);
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (sameContent(next, old)) return clone(old);
    if (opts.dryRun) return next;

    if (
      next.metadata.deletionTimestamp &&
      !(next.metadata.finalizers ?? []).length
    ) {
      return this.remove(rt, namespace, name, next);
    }
    next.metadata.resourceVersion = this.nextRv();
    this.bucket(rt).set(keyOf(namespace, name), next);
    this.emit(rt, 'MODIFIED', next, old);
    return clone(next);
  }

  private validateStatusOnly(rt: ResourceType, obj: KubeObject) {
    const causes = (rt.validate?.(obj) ?? []).filter(c =>
      c.field.startsWith('status'),
    );
    if (causes.length) throw invalid(rt, obj.metadata.name, causes);
  }

  patch(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    opts: { subresource?: 'status'; dryRun?: boolean } = {},
  ): KubeObject {
    const current = this.bucket(rt).get(
      keyOf(rt.namespaced ? namespace : undefined, name),
    );
    if (!current) {
      if (type === 'apply' && !opts.subresource) {
        return this.create(
          rt,
          {
            ...(body as KubeObject),
            metadata: { ...(body as any)?.metadata, name, namespace },
          },
          opts,
        );
      }
      throw notFound(rt, name);
    }
    const patched = applyPatch(type, clone(current), body) as KubeObject;
    if (!patched || typeof patched !== 'object' || Array.isArray(patched)) {
      throw badRequest('the patch did not produce an object');
    }
    patched.metadata = {
      ...(patched.metadata ?? {}),
    } as KubeObject['metadata'];
    // A patch carrying a resourceVersion is a precondition; otherwise it applies to the latest.
    if (!patched.metadata.resourceVersion)
      patched.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.update(rt, patched, { ...opts, namespace, name });
  }

  /** Deletes, or only marks the deletion while finalizers remain. */
  delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: {
      preconditions?: { uid?: string; resourceVersion?: string };
      dryRun?: boolean;
    } = {},
  ): KubeObject {
    const ns = rt.namespaced ? namespace : undefined;
    const current = this.bucket(rt).get(keyOf(ns, name));
    if (!current) throw notFound(rt, name);
    const pre = opts.preconditions ?? {};
    if (
      (pre.uid && pre.uid !== current.metadata.uid) ||
      (pre.resourceVersion &&
        pre.resourceVersion !== current.metadata.resourceVersion)
    ) {
      throw conflict(rt, name);
    }
    if (opts.dryRun) return clone(current);
    if (rt === NAMESPACES) this.deleteNamespaceContents(name);
    if ((current.metadata.finalizers ?? []).length) {
      if (current.metadata.deletionTimestamp) return clone(current);
      const marked = clone(current);
      marked.metadata.deletionTimestamp = now();
      marked.metadata.deletionGracePeriodSeconds = 0;
      if (rt.hasGeneration)
        marked.metadata.generation = (current.metadata.generation ?? 0) + 1;
      marked.metadata.resourceVersion = this.nextRv();
      this.bucket(rt).set(keyOf(ns, name), marked);
      this.emit(rt, 'MODIFIED', marked, current);
      return clone(marked);
    }
    return this.remove(rt, ns, name, current);
  }

  private remove(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    last: KubeObject,
  ): KubeObject {
    const removed = clone(last);
    removed.metadata.resourceVersion = this.nextRv();
    this.bucket(rt).delete(keyOf(ns, name));
    this.emit(rt, 'DELETED', removed, last);
    return clone(removed);
  }

  private deleteNamespaceContents(namespace: string) {
    for (const rt of this.registry.all.filter(r => r.namespaced)) {
      for (const obj of [...this.bucket(rt).values()]) {
        if (obj.metadata.namespace !== namespace) continue;
        const stripped = clone(obj);
        delete stripped.metadata.finalizers;
        this.remove(rt, namespace, obj.metadata.name, stripped);
      }
    }
  }

  /** The objects of a type as they were at `rv` (undoing the newer events in the history). */
  private snapshotAt(rt: ResourceType, rv: number): Map<string, KubeObject> {
    const snapshot = new Map(this.bucket(rt));
    for (let i = this.history.length - 1; i >= 0; i--) {
      const e = this.history[i];
      if (e.resourceVersion <= rv) break;
      if (e.resource !== rt) continue;
      const key = keyOf(e.object.metadata.namespace, e.object.metadata.name);
      if (e.type === 'ADDED') snapshot.delete(key);
      else if (e.previous) snapshot.set(key, e.previous);
    }
    return snapshot;
  }

  private sorted(
    rt: ResourceType,
    namespace?: string,
    objects = this.bucket(rt),
  ): Array<[string, KubeObject]> {
    return [...objects.entries()]
      .filter(
        ([, o]) =>
          !rt.namespaced || !namespace || o.metadata.namespace === namespace,
      )
      .sort(([a], [b]) => compareKeys(a, b));
  }

  list(rt: ResourceType, opts: ListOptions = {}): ListResult {
    const filter = makeFilter(opts.labelSelector, opts.fieldSelector);
    let start = '';
    let listRv = this.resourceVersion;
    if (opts.continue) {
      try {
        const token = JSON.parse(
          Buffer.from(opts.continue, 'base64').toString('utf8'),
        );
        start = String(token.start);
        listRv = String(token.rv);
      } catch {
        throw badRequest('continue key is not valid: illegal base64 data');
      }
      if (Number(listRv) < this.compactedRv) {
        throw gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
    }
    // Later pages show the list's snapshot, as etcd serves them at the first page's revision.
    const objects = opts.continue
      ? this.snapshotAt(rt, Number(listRv))
      : undefined;
    const matching = this.sorted(rt, opts.namespace, objects).filter(
      ([k, o]) => (!start || k > start) && matchesFilter(filter, o),
    );
    const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
    const page = limit ? matching.slice(0, limit) : matching;
    const result: ListResult = {
      items: page.map(([, o]) => clone(o)),
      resourceVersion: listRv,
    };
    if (limit && matching.length > limit) {
      const last = page[page.length - 1][0];
      result.continue = Buffer.from(
        JSON.stringify({ rv: listRv, start: last }),
      ).toString('base64');
      result.remainingItemCount = matching.length - limit;
    }
    return result;
  }

  /**
   * Starts a watch. Throws a 410 ApiError when `resourceVersion` is older than the history window
   * (the HTTP layer sends it as an ERROR event, as the apiserver does).
   */
  watch(
    rt: ResourceType,
    opts: WatchOptions,
    onEvent: (type: string, obj: KubeObject) => void,
  ): Watcher {
    const filter: ObjectFilter = makeFilter(
      opts.labelSelector,
      opts.fieldSelector,
    );
    const inScope = (o: KubeObject) =>
      !rt.namespaced ||
      !opts.namespace ||
      o.metadata.namespace === opts.namespace;
    const deliver = (e: StoreEvent) => {
      if (e.resource !== rt) return;
      const nowMatches = inScope(e.object) && matchesFilter(filter, e.object);
      if (e.type !== 'MODIFIED') {
        if (nowMatches) onEvent(e.type, clone(e.object));
        return;
      }
      const before =
        !!e.previous &&
        inScope(e.previous) &&
        matchesFilter(filter, e.previous);
      if (nowMatches && before) onEvent('MODIFIED', clone(e.object));
      else if (nowMatches) onEvent('ADDED', clone(e.object));
      else if (before) onEvent('DELETED', clone(e.object));
    };
    const rv = opts.resourceVersion;
    if (rv && rv !== '0') {
      const n = Number(rv);
      if (!Number.isInteger(n) || n < 0)
        throw badRequest(`invalid resource version: ${rv}`);
      if (n < this.compactedRv)
        throw gone(`too old resource version: ${rv} (${this.compactedRv + 1})`);
      for (const e of this.history) if (e.resourceVersion > n) deliver(e);
    } else if (opts.sendInitialEvents !== false) {
      for (const [, o] of this.sorted(rt, opts.namespace))
        if (matchesFilter(filter, o)) onEvent('ADDED', clone(o));
    }
    const unsubscribe = this.subscribe(deliver);
    return { stop: unsubscribe };
  }

  /** Every object of a type (controller convenience). */
  all(rt: ResourceType, namespace?: string): KubeObject[] {
    return this.sorted(rt, namespace).map(([, o]) => clone(o));
  }
}

export { ApiError };
