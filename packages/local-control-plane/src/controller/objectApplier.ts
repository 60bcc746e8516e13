import { ObjectStore } from '../server/store';
import { KubeObject, ResourceType } from '../server/types';

type Json = Record<string, any>;

/** A reference to an object a run created (status.resources, status.runReference). */
export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

/** Writes what a run creates into the store, and deletes it again. */
export class ObjectApplier {
  private readonly namespaces: ResourceType;

  constructor(private readonly store: ObjectStore) {
    this.namespaces = store.registry.get('', 'namespaces');
  }

  ensureNamespace(name: string) {
    if (this.store.tryGet(this.namespaces, undefined, name)) return;
    this.store.create(this.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  }

  createOrUpdate(rt: ResourceType, obj: KubeObject): KubeObject {
    const existing = this.store.tryGet(
      rt,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    if (!existing) return this.store.create(rt, obj);
    return this.store.update(rt, {
      ...obj,
      metadata: {
        ...existing.metadata,
        ...obj.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      },
    });
  }

  /**
   * Creates (or updates) a run's rendered resources with the run's labels,
   * namespaced ones in the workflow plane's namespace; a kind the store does
   * not serve is skipped (and `onSkipped` says so). Returns what it applied.
   */
  applyResources(
    resources: Array<{ id: string; object: unknown }>,
    labels: Record<string, string>,
    planeNamespace: string,
    onSkipped: (id: string, kind: string) => void,
  ): ObjectRef[] {
    const applied: ObjectRef[] = [];
    for (const resource of resources) {
      const obj = structuredClone(resource.object) as Json;
      const rt = this.store.registry.byKind(obj.apiVersion, obj.kind);
      if (!rt) {
        onSkipped(resource.id, obj.kind);
        continue;
      }
      obj.metadata = {
        ...(obj.metadata ?? {}),
        labels: { ...(obj.metadata?.labels ?? {}), ...labels },
      };
      if (rt.namespaced) {
        obj.metadata.namespace = planeNamespace;
        this.ensureNamespace(planeNamespace);
      }
      this.createOrUpdate(rt, obj as KubeObject);
      applied.push({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(rt.namespaced ? { namespace: planeNamespace } : {}),
      });
    }
    return applied;
  }

  /** Deletes the objects referred to; one already gone or of a kind not served is skipped. */
  deleteAll(refs: ObjectRef[]) {
    for (const ref of refs) {
      const rt = this.store.registry.byKind(
        ref.apiVersion ?? '',
        ref.kind ?? '',
      );
      if (!rt) continue;
      try {
        this.store.delete(rt, ref.namespace, ref.name);
      } catch (e) {
        if ((e as any)?.code !== 404) throw e;
      }
    }
  }
}
