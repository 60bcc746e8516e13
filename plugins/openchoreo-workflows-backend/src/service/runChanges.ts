/** What runChanges listens to: a watch cache's change feed (WatchCache#onChange). */
export interface ChangeFeed {
  onChange(
    listener: (
      type: string,
      obj: { metadata: { namespace?: string; name: string } },
    ) => void,
  ): () => void;
}

/** Waits for changes of one run (one waiter at a time); `close` forgets the listener and any wait. */
export interface RunChanges {
  /**
   * Resolves at the run's next change, at once when it changed since the last
   * call (nothing is missed between two waits), after `fallbackMs` at the
   * latest, or when closed.
   */
  next(fallbackMs: number): Promise<void>;
  close(): void;
}

/**
 * Follows one run's changes on the cache's change feed instead of polling:
 * a follower wakes when the run changed, and otherwise only after a bounded
 * fallback (for what the run's status does not show, e.g. a pod that appears
 * before its step does). No listener or timer outlives `close`.
 */
export function runChanges(
  feed: ChangeFeed,
  run: { namespace: string; name: string },
): RunChanges {
  let changed = false;
  let closed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = feed.onChange((_type, obj) => {
    if (obj.metadata.namespace !== run.namespace) return;
    if (obj.metadata.name !== run.name) return;
    changed = true;
    wake?.();
  });
  return {
    next(fallbackMs) {
      if (changed || closed) {
        changed = false;
        return Promise.resolve();
      }
      return new Promise<void>(resolve => {
        const timer = setTimeout(() => wake?.(), fallbackMs);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          changed = false;
          resolve();
        };
      });
    },
    close() {
      closed = true;
      unsubscribe();
      wake?.();
    },
  };
}

/** Resolves when `work` does, or after `ms`; leaves no timer behind. */
export async function withDeadline(work: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise(r => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
}
