import { ObjectStore } from '../server/store';
import { KubeObject, ResourceType } from '../server/types';
import { ExecutorKube, ExecutorResource, KubeConflict } from './kube';

const codeOf = (e: unknown) => (e as { code?: number })?.code;

/** Runs `fn`; a 404 becomes `gone`, a 409 a KubeConflict, anything else is rethrown. */
function mapped<T, G>(fn: () => T, gone: G): T | G {
  try {
    return fn();
  } catch (e) {
    if (codeOf(e) === 404) return gone;
    if (codeOf(e) === 409) throw new KubeConflict((e as Error).message);
    throw e;
  }
}

/**
 * The executor's Kubernetes client over the local control plane's store,
 * in-process: the same calls as over HTTP, with the store's admission and
 * resourceVersion checks.
 *
 * @public
 */
export function storeExecutorKube(store: ObjectStore): ExecutorKube {
  const typeOf = (r: ExecutorResource): ResourceType =>
    store.registry.get(r.group, r.plural);
  return {
    async get(resource, namespace, name) {
      return store.tryGet(typeOf(resource), namespace, name);
    },
    async list(resource, namespace, labelSelector) {
      return store.list(typeOf(resource), { namespace, labelSelector }).items;
    },
    async watch(resource, onEvent) {
      const rt = typeOf(resource);
      const unsubscribe = store.subscribe(e => {
        if (e.resource === rt) onEvent(e.type, e.object);
      });
      for (const obj of store.all(rt)) onEvent('ADDED', obj);
      return unsubscribe;
    },
    async create(resource, obj) {
      return store.create(typeOf(resource), obj);
    },
    async replace(resource, obj: KubeObject, subresource) {
      return mapped(
        () => store.update(typeOf(resource), obj, { subresource }),
        undefined,
      );
    },
    async delete(resource, namespace, name) {
      return mapped(() => {
        store.delete(typeOf(resource), namespace, name);
        return true;
      }, false);
    },
  };
}
