import { ObjectStore } from '../server/store';
import { KubeObject, ResourceType } from '../server/types';
import { isoNow } from '../time';

/**
 * Writes a run's Kubernetes Events as the controller does: the same reason
 * and message again counts up the event it wrote last instead of adding one.
 */
export class RunEventRecorder {
  private readonly events: ResourceType;
  private readonly last = new Map<string, { message: string; event: string }>();

  constructor(private readonly store: ObjectStore) {
    this.events = store.registry.get('', 'events');
  }

  record(
    run: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) {
    const key = `${run.metadata.uid}/${reason}`;
    const ns = run.metadata.namespace!;
    const ts = isoNow();
    const previous = this.last.get(key);
    const existing =
      previous && previous.message === message
        ? this.store.tryGet(this.events, ns, previous.event)
        : undefined;
    if (existing) {
      this.store.update(this.events, {
        ...existing,
        count: ((existing as any).count ?? 1) + 1,
        lastTimestamp: ts,
      });
      return;
    }
    const created = this.store.create(this.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: `${run.metadata.name}.`, namespace: ns },
      involvedObject: {
        apiVersion: run.apiVersion,
        kind: run.kind,
        name: run.metadata.name,
        namespace: ns,
        uid: run.metadata.uid,
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      source: { component: 'workflowrun-controller' },
      reportingComponent: 'workflowrun-controller',
    } as unknown as KubeObject);
    this.last.set(key, { message, event: created.metadata.name });
  }

  /** The next event of this reason is a new one. */
  forget(run: KubeObject, reason: string) {
    this.last.delete(`${run.metadata.uid}/${reason}`);
  }
}
