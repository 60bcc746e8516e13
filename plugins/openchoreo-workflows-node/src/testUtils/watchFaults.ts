import {
  LocalControlPlane,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import { CachedObject, CacheEventType, WatchCache } from '../cache/WatchCache';
import { OPENCHOREO_GROUP, OPENCHOREO_VERSION } from '../cluster/discovery';
import { eventually } from './kube';

/** Options of {@link runWatchFaults}. @public */
export interface WatchFaultsOptions {
  /** Seed of the driver's choices (faults, changes, objects). */
  seed?: number;
  /** Faults to inject. */
  faults: number;
  /** Most objects alive at once. */
  maxObjects?: number;
  /** Longest wait for the cache to catch up after one fault, and at the end (ms). */
  settleTimeoutMs?: number;
  /** Called after each fault with its number and kind (progress output). */
  onFault?: (n: number, kind: FaultKind) => void;
}

/** What {@link runWatchFaults} found. @public */
export interface WatchFaultsResult {
  faults: number;
  byKind: Record<FaultKind, number>;
  /** Objects on the server at the end. */
  objects: number;
  /** Objects the driver created in all. */
  created: number;
  /** Objects where the cache differs from the server (content, resourceVersion, presence). */
  mismatches: number;
  /** Whether the listener's last event of every object is its final state on the server. */
  finalStatesDelivered: boolean;
  /** A few of the differences, for the failure message. */
  examples: string[];
  relistsOnGone: number;
  lists: number;
}

/** @public */
export type FaultKind = 'drop' | 'end' | 'expire' | 'restart';
const KINDS: FaultKind[] = ['drop', 'end', 'expire', 'restart'];
const NAMESPACES = ['faults-a', 'faults-b'];

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keyOf = (o: CachedObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const comparable = (o: CachedObject) => {
  const { managedFields: _m, ...metadata } = o.metadata as Record<
    string,
    unknown
  >;
  return JSON.stringify({ ...o, metadata });
};

/**
 * Runs a watch cache of WorkflowRuns against the local control plane while a
 * seeded driver changes runs and injects faults: dropped connections (watches
 * included), watches ended cleanly, expired resourceVersions (the resumed
 * watch gets 410 Gone) and server restarts (refused connections for a while, changes made meanwhile).
 * Afterwards it compares the cache with the server object by object
 * (resourceVersion included) and checks that the listener's last event of
 * every object is its final state. Bounded: `faults` faults, each followed by
 * at most `settleTimeoutMs` of waiting.
 * @public
 */
export async function runWatchFaults(
  options: WatchFaultsOptions,
): Promise<WatchFaultsResult> {
  const random = prng(options.seed ?? 1);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const maxObjects = options.maxObjects ?? 60;
  const settle = options.settleTimeoutMs ?? 15_000;
  const plane: LocalControlPlane = await startLocalControlPlane({
    manifests: [],
    retrySeconds: 3600,
    bookmarkIntervalMs: 200,
  });
  const runs = plane.store.registry.get(OPENCHOREO_GROUP, 'workflowruns');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(plane.kubeconfig);
  const quiet = {
    error() {},
    warn() {},
    info() {},
    debug() {},
    child: () => quiet,
  };
  const cache = new WatchCache<CachedObject>({
    kubeConfig,
    logger: quiet,
    group: OPENCHOREO_GROUP,
    version: OPENCHOREO_VERSION,
    plural: 'workflowruns',
    initialBackoffMs: 5,
    maxBackoffMs: 100,
    watchTimeoutSeconds: 5,
  });
  const last = new Map<string, { type: CacheEventType; rv?: string }>();
  cache.onChange((type, o) =>
    last.set(keyOf(o), { type, rv: o.metadata.resourceVersion }),
  );
  const byKind: Record<FaultKind, number> = {
    drop: 0,
    end: 0,
    expire: 0,
    restart: 0,
  };
  let created = 0;

  const change = () => {
    const alive = plane.store.all(runs);
    // Creates 2 in 5, updates 2 in 5, deletes 1 in 5: the population grows to maxObjects.
    const r = random();
    let op = 2;
    if (alive.length === 0 || r < 0.4) op = 0;
    else if (r < 0.8) op = 1;
    if (op === 0 && alive.length < maxObjects) {
      created++;
      plane.store.create(runs, {
        apiVersion: `${OPENCHOREO_GROUP}/${OPENCHOREO_VERSION}`,
        kind: 'WorkflowRun',
        metadata: { name: `run-${created}`, namespace: pick(NAMESPACES) },
        spec: {
          workflow: { kind: 'Workflow', name: 'missing', parameters: {} },
        },
      } as any);
    } else if (op === 1 || (op === 0 && alive.length > 0)) {
      const o = pick(alive);
      plane.store.patch(runs, o.metadata.namespace, o.metadata.name, 'merge', {
        metadata: { labels: { generation: String(created + random()) } },
      });
    } else {
      const o = pick(alive);
      plane.store.delete(runs, o.metadata.namespace, o.metadata.name);
    }
  };
  const changes = (max: number) => {
    const n = Math.floor(random() * (max + 1));
    for (let i = 0; i < n; i++) change();
  };

  try {
    for (const ns of NAMESPACES) {
      plane.store.create(plane.store.registry.get('', 'namespaces'), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      } as any);
    }
    for (let i = 0; i < maxObjects / 2; i++) change();
    await cache.start();

    for (let n = 1; n <= options.faults; n++) {
      const kind = pick(KINDS);
      byKind[kind]++;
      const watches = cache.stats.watches;
      if (kind === 'drop') {
        plane.faults.dropConnections();
        changes(3);
      } else if (kind === 'end') {
        // A clean end (a proxy's or the server's timeout): the cache resumes from its version.
        plane.faults.endWatches();
        changes(3);
      } else if (kind === 'expire') {
        // Ended, then changed, then compacted: the cache resumes from a version that is gone.
        plane.faults.endWatches();
        changes(3);
        change();
        plane.faults.expireResourceVersions();
      } else {
        await plane.faults.suspend();
        changes(5);
        const errors = cache.stats.errors;
        await eventually(
          () => cache.stats.errors > errors || undefined,
          settle,
        );
        await plane.faults.resume();
      }
      changes(2);
      // The next fault hits a cache that is watching again.
      await eventually(
        () => cache.stats.watches > watches || undefined,
        settle,
      );
      options.onFault?.(n, kind);
    }

    const server = () => new Map(plane.store.all(runs).map(o => [keyOf(o), o]));
    const differences = () => {
      const expected = server();
      const found: string[] = [];
      for (const [key, o] of expected) {
        const cached = cache.get(o.metadata.namespace, o.metadata.name);
        if (!cached) found.push(`${key}: missing from the cache`);
        else if (comparable(cached) !== comparable(o))
          found.push(
            `${key}: cache at ${cached.metadata.resourceVersion}, server at ${o.metadata.resourceVersion}`,
          );
      }
      for (const o of cache.list())
        if (!expected.has(keyOf(o)))
          found.push(`${keyOf(o)}: deleted on the server`);
      return found;
    };
    const undelivered = () => {
      const expected = server();
      const found: string[] = [];
      for (const [key, o] of expected) {
        const seen = last.get(key);
        if (seen?.type === 'DELETED' || seen?.rv !== o.metadata.resourceVersion)
          found.push(
            `${key}: listener last saw ${seen?.type ?? 'nothing'} ${
              seen?.rv ?? ''
            }`,
          );
      }
      for (const [key, seen] of last)
        if (!expected.has(key) && seen.type !== 'DELETED')
          found.push(`${key}: deleted, listener last saw ${seen.type}`);
      return found;
    };
    await eventually(
      () =>
        differences().length + undelivered().length === 0 ? true : undefined,
      settle,
    ).catch(() => undefined);
    const mismatched = differences();
    const missed = undelivered();
    return {
      faults: options.faults,
      byKind,
      objects: server().size,
      created,
      mismatches: mismatched.length,
      finalStatesDelivered: missed.length === 0,
      examples: [...mismatched, ...missed].slice(0, 5),
      relistsOnGone: cache.stats.relistsOnGone,
      lists: cache.stats.lists,
    };
  } finally {
    cache.stop();
    await plane.stop();
  }
}
