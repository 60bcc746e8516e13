import {
  LocalControlPlane,
  ResourceType,
} from '@openchoreo-workflows/local-control-plane';
import { CachedObject, WatchCache } from '../cache/WatchCache';
import { OPENCHOREO_GROUP, OPENCHOREO_VERSION } from '../cluster/discovery';
import { eventually } from './kube';

/** @public */
export type FaultKind = 'drop' | 'end' | 'expire' | 'restart';
export const FAULT_KINDS: FaultKind[] = ['drop', 'end', 'expire', 'restart'];
export const FAULT_NAMESPACES = ['faults-a', 'faults-b'];

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seeded driver's changes to WorkflowRuns on the server: creates 2 in 5,
 * updates 2 in 5, deletes 1 in 5, so the population grows to `maxObjects`.
 */
export class RunChurn {
  /** Objects created in all. */
  created = 0;

  constructor(
    private readonly plane: LocalControlPlane,
    private readonly runs: ResourceType,
    private readonly random: () => number,
    private readonly maxObjects: number,
  ) {}

  pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  change() {
    const { store } = this.plane;
    const alive = store.all(this.runs);
    const r = this.random();
    let op = 2;
    if (alive.length === 0 || r < 0.4) op = 0;
    else if (r < 0.8) op = 1;
    if (op === 0 && alive.length < this.maxObjects) {
      this.created++;
      store.create(this.runs, {
        apiVersion: `${OPENCHOREO_GROUP}/${OPENCHOREO_VERSION}`,
        kind: 'WorkflowRun',
        metadata: {
          name: `run-${this.created}`,
          namespace: this.pick(FAULT_NAMESPACES),
        },
        spec: {
          workflow: { kind: 'Workflow', name: 'missing', parameters: {} },
        },
      } as any);
    } else if (op === 1 || (op === 0 && alive.length > 0)) {
      const o = this.pick(alive);
      store.patch(this.runs, o.metadata.namespace, o.metadata.name, 'merge', {
        metadata: {
          labels: { generation: String(this.created + this.random()) },
        },
      });
    } else {
      const o = this.pick(alive);
      store.delete(this.runs, o.metadata.namespace, o.metadata.name);
    }
  }

  /** Up to `max` changes. */
  changes(max: number) {
    const n = Math.floor(this.random() * (max + 1));
    for (let i = 0; i < n; i++) this.change();
  }
}

/**
 * Injects one fault with changes around it, and waits (at most `settleMs`)
 * until the cache watches again.
 */
export async function injectFault(
  kind: FaultKind,
  plane: LocalControlPlane,
  cache: WatchCache<CachedObject>,
  churn: RunChurn,
  settleMs: number,
) {
  const watches = cache.stats.watches;
  if (kind === 'drop') {
    plane.faults.dropConnections();
    churn.changes(3);
  } else if (kind === 'end') {
    // A clean end (a proxy's or the server's timeout): the cache resumes from its version.
    plane.faults.endWatches();
    churn.changes(3);
  } else if (kind === 'expire') {
    // Ended, then changed, then compacted: the cache resumes from a version that is gone.
    plane.faults.endWatches();
    churn.changes(3);
    churn.change();
    plane.faults.expireResourceVersions();
  } else {
    await plane.faults.suspend();
    churn.changes(5);
    const errors = cache.stats.errors;
    await eventually(() => cache.stats.errors > errors || undefined, settleMs);
    await plane.faults.resume();
  }
  churn.changes(2);
  // The next fault hits a cache that is watching again.
  await eventually(() => cache.stats.watches > watches || undefined, settleMs);
}
