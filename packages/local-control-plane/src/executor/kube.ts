import { KubeObject } from '../server/types';

/**
 * A resource type the executor reads or writes.
 *
 * @public
 */
export interface ExecutorResource {
  group: string; // '' for core
  version: string;
  plural: string;
  namespaced: boolean;
}

/** @public */
export const ARGO_WORKFLOWS: ExecutorResource = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'workflows',
  namespaced: true,
};
/** @public */
export const CLUSTER_WORKFLOW_TEMPLATES: ExecutorResource = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'clusterworkflowtemplates',
  namespaced: false,
};
/** @public */
export const WORKFLOW_TEMPLATES: ExecutorResource = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'workflowtemplates',
  namespaced: true,
};
/** @public */
export const PODS: ExecutorResource = {
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
};
/** @public */
export const EVENTS: ExecutorResource = {
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
};

/** @public */
export type ExecutorWatchEvent = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * Everything the Argo executor does to a cluster, and nothing more: the same
 * executor runs inside the local control plane (over its store) and against a
 * real kube-apiserver (over HTTP).
 *
 * @public
 */
export interface ExecutorKube {
  /** The object, or undefined when it does not exist. */
  get(
    resource: ExecutorResource,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined>;
  list(
    resource: ExecutorResource,
    namespace: string,
    labelSelector: string,
  ): Promise<KubeObject[]>;
  /**
   * Calls `onEvent` with ADDED for every existing object, then for every
   * change (an informer); resolves with the function that stops it once the
   * existing objects were delivered.
   */
  watch(
    resource: ExecutorResource,
    onEvent: (type: ExecutorWatchEvent, obj: KubeObject) => void,
  ): Promise<() => void>;
  create(resource: ExecutorResource, obj: KubeObject): Promise<KubeObject>;
  /**
   * Replaces the object (its `metadata.resourceVersion` is the precondition:
   * a stale one throws {@link KubeConflict}); `status` writes only the status
   * subresource. Undefined when the object is gone.
   */
  replace(
    resource: ExecutorResource,
    obj: KubeObject,
    subresource?: 'status',
  ): Promise<KubeObject | undefined>;
  /** Deletes at once (no grace period: nothing else would end a pod); false when it was gone. */
  delete(
    resource: ExecutorResource,
    namespace: string | undefined,
    name: string,
  ): Promise<boolean>;
}

/**
 * A write lost a race with another writer (HTTP 409 on a stale resourceVersion).
 *
 * @public
 */
export class KubeConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConflict';
  }
}

export const apiPathOf = (
  r: ExecutorResource,
  namespace?: string,
  name?: string,
) =>
  `${r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`}${
    r.namespaced && namespace ? `/namespaces/${namespace}` : ''
  }/${r.plural}${name ? `/${name}` : ''}`;
