/**
 * Runs waiting to be reconciled, by `namespace/name`: each at most once per
 * turn of the event loop; a conflict or a vanished object comes back at once,
 * any other failure after the retry delay.
 */
export class ReconcileQueue {
  private readonly queue = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly reconcile: (namespace: string, name: string) => void,
    private readonly retryMs: number,
  ) {}

  enqueue(namespace: string, name: string) {
    if (this.stopped) return;
    this.queue.add(`${namespace}/${name}`);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** Reconciles the run again after `ms` (replacing a wait already set). */
  later(key: string, ms: number) {
    this.forget(key);
    const [ns, name] = key.split('/');
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.enqueue(ns, name);
    }, ms);
    t.unref?.();
    this.timers.set(key, t);
  }

  /** Drops the run's pending wait. */
  forget(key: string) {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private drain() {
    this.scheduled = false;
    const keys = [...this.queue];
    this.queue.clear();
    for (const key of keys) {
      if (this.stopped) return;
      const [ns, name] = key.split('/');
      try {
        this.reconcile(ns, name);
      } catch (e) {
        if ((e as any)?.code === 409 || (e as any)?.code === 404)
          this.enqueue(ns, name);
        else this.later(key, this.retryMs);
      }
    }
  }
}
