import { KubeObject, ResourceType, StoreEvent } from '../types';
import { keyOf } from './objectKeys';

/**
 * The store's change feed: a bounded history of events (what watches resume from and what
 * later list pages are served from) and the subscribers every new event fans out to.
 */
export class EventLog {
  private readonly history: StoreEvent[] = [];
  private compacted = 0;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(private size: number) {}

  /** The newest resourceVersion that fell out of the history (0 while nothing did). */
  get compactedRv(): number {
    return this.compacted;
  }

  /** Changes the history window; shrinking it compacts immediately. */
  resize(size: number) {
    this.size = size;
    this.compact();
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records an event and tells every subscriber; a subscriber that throws does not break writes. */
  append(event: StoreEvent) {
    this.history.push(event);
    this.compact();
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // listeners must not break writes
      }
    }
  }

  /** The recorded events newer than `rv`, oldest first. */
  after(rv: number): StoreEvent[] {
    return this.history.filter(e => e.resourceVersion > rv);
  }

  /** The objects of a type as they were at `rv` (undoing the newer events in the history). */
  rewind(
    rt: ResourceType,
    rv: number,
    current: Map<string, KubeObject>,
  ): Map<string, KubeObject> {
    const snapshot = new Map(current);
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

  private compact() {
    while (this.history.length > this.size) {
      const dropped = this.history.shift()!;
      this.compacted = dropped.resourceVersion;
    }
  }
}
