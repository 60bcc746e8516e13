import { randomUUID } from 'crypto';
import { alreadyExists, badRequest, notFound } from '../errors';
import { isoNow } from '../../time';
import { applyPatch, PatchType } from '../patch';
import { NAMESPACES } from '../kinds/coreKinds';
import { ResourceRegistry } from '../kinds/registry';
import { apiVersionOf, KubeObject, ResourceType, StoreEvent } from '../types';
import { EventLog } from './eventLog';
import {
  checkDeletePreconditions,
  checkNamespaceForCreate,
  checkResourceVersion,
  checkSameObjectAsUrl,
} from './preconditions';
import { listObjects, ListOptions, ListResult } from './listing';
import { inKeyOrder, keyOf } from './objectKeys';
import {
  bumpGenerationOnSpecChange,
  generatedName,
  mainWrite,
  sameContent,
  statusWrite,
  validateObject,
  validateStatusOnly,
} from './objectRules';
import { startWatch, WatchCallback, Watcher, WatchOptions } from './watch';

/** @public */
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

/** @public */
export interface UpdateOptions {
  subresource?: 'status';
  dryRun?: boolean;
  namespace?: string;
  name?: string;
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * The in-memory "etcd": objects per resource type, one global resourceVersion counter,
 * a bounded event history for watches, and the apiserver's object semantics.
 *
 * @public
 */
export class ObjectStore {
  readonly registry: ResourceRegistry;
  private rv = 1;
  private readonly objects = new Map<ResourceType, Map<string, KubeObject>>();
  private readonly events: EventLog;
  private readonly skipResourceVersionCheck: boolean;

  constructor(options: StoreOptions = {}) {
    this.registry = options.registry ?? new ResourceRegistry();
    this.events = new EventLog(options.watchHistorySize ?? 1000);
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
    this.events.resize(size);
  }

  /** In-process subscription to every change (used by the controller). */
  subscribe(listener: (e: StoreEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  private bucket(rt: ResourceType): Map<string, KubeObject> {
    let b = this.objects.get(rt);
    if (!b) {
      b = new Map();
      this.objects.set(rt, b);
    }
    return b;
  }

  private emit(
    rt: ResourceType,
    type: StoreEvent['type'],
    object: KubeObject,
    previous?: KubeObject,
  ) {
    this.events.append({
      type,
      resourceVersion: Number(object.metadata.resourceVersion),
      resource: rt,
      object: clone(object),
      previous: previous ? clone(previous) : undefined,
    });
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
    return rt ? this.tryGet(rt, namespace, name) : undefined;
  };

  get(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.tryGet(rt, namespace, name);
    if (!found) throw notFound(rt, name);
    return found;
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
      meta.name = generatedName(meta.generateName, candidate =>
        this.bucket(rt).has(keyOf(meta.namespace, candidate)),
      );
    }
    checkNamespaceForCreate(
      rt,
      meta.name,
      meta.namespace,
      meta.namespace
        ? this.tryGet(NAMESPACES, undefined, meta.namespace)
        : undefined,
    );
    if (rt.hasStatusSubresource) delete (obj as any).status;
    delete meta.deletionTimestamp;
    delete meta.resourceVersion;
    validateObject(rt, obj, undefined, this.lookup);
    if (this.bucket(rt).has(keyOf(meta.namespace, meta.name)))
      throw alreadyExists(rt, meta.name);
    rt.prepareForCreate?.(obj);
    meta.uid = randomUUID();
    meta.creationTimestamp = isoNow();
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
    opts: UpdateOptions = {},
  ): KubeObject {
    const incoming = clone(input);
    const name = opts.name ?? incoming.metadata?.name;
    const namespace = rt.namespaced
      ? opts.namespace ?? incoming.metadata?.namespace
      : undefined;
    if (!incoming.metadata) incoming.metadata = { name };
    checkSameObjectAsUrl(rt, incoming, name, namespace);
    const old = this.bucket(rt).get(keyOf(namespace, name));
    if (!old) throw notFound(rt, name);
    checkResourceVersion(rt, incoming, old, {
      subresource: opts.subresource,
      skipCheck: this.skipResourceVersionCheck,
    });
    let next: KubeObject;
    if (opts.subresource === 'status') {
      next = statusWrite(incoming, old);
      validateStatusOnly(rt, next);
    } else {
      next = mainWrite(rt, incoming, old, name, namespace);
      validateObject(rt, next, old, this.lookup);
      bumpGenerationOnSpecChange(rt, next, old);
    }
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
    const patched = patchedObject(type, current, body);
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
    checkDeletePreconditions(rt, current, opts.preconditions);
    if (opts.dryRun) return clone(current);
    if (rt === NAMESPACES) this.deleteNamespaceContents(name);
    if ((current.metadata.finalizers ?? []).length) {
      if (current.metadata.deletionTimestamp) return clone(current);
      const marked = markedForDeletion(rt, current);
      marked.metadata.resourceVersion = this.nextRv();
      this.bucket(rt).set(keyOf(ns, name), marked);
      this.emit(rt, 'MODIFIED', marked, current);
      return clone(marked);
    }
    return this.remove(
      rt,
      ns,
      name,
      rt === NAMESPACES ? terminating(current) : current,
    );
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

  list(rt: ResourceType, opts: ListOptions = {}): ListResult {
    return listObjects(
      rt,
      opts,
      this.bucket(rt),
      this.events,
      this.resourceVersion,
    );
  }

  /**
   * Starts a watch. Throws a 410 ApiError when `resourceVersion` is older than the history window
   * (the HTTP layer sends it as an ERROR event, as the apiserver does).
   */
  watch(rt: ResourceType, opts: WatchOptions, onEvent: WatchCallback): Watcher {
    return startWatch(rt, opts, onEvent, this.bucket(rt), this.events);
  }

  /** Every object of a type (controller convenience). */
  all(rt: ResourceType, namespace?: string): KubeObject[] {
    return inKeyOrder(rt, this.bucket(rt), namespace).map(([, o]) => clone(o));
  }
}

/** An object whose finalizers hold its deletion: marked as being deleted. */
function markedForDeletion(rt: ResourceType, current: KubeObject): KubeObject {
  const marked = clone(current);
  marked.metadata.deletionTimestamp = isoNow();
  marked.metadata.deletionGracePeriodSeconds = 0;
  if (rt.hasGeneration)
    marked.metadata.generation = (current.metadata.generation ?? 0) + 1;
  return marked;
}

/** The object a patch makes of the current one, with the resourceVersion it is written against. */
function patchedObject(
  type: PatchType,
  current: KubeObject,
  body: unknown,
): KubeObject {
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
  return patched;
}

/** A namespace's last state: the namespace controller ends it while Terminating, as here at once. */
function terminating(ns: KubeObject): KubeObject {
  const last = clone(ns);
  last.metadata.deletionTimestamp = isoNow();
  (last as any).status = {
    ...((last as any).status ?? {}),
    phase: 'Terminating',
  };
  return last;
}
