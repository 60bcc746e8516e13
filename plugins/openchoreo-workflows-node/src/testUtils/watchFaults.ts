import {
  LocalControlPlane,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import { CachedObject, WatchCache } from '../cache/WatchCache';
import { OPENCHOREO_GROUP, OPENCHOREO_VERSION } from '../cluster/discovery';
import { eventually } from './kube';
import {
  FAULT_KINDS,
  FAULT_NAMESPACES,
  FaultKind,
  injectFault,
  prng,
  RunChurn,
} from './watchFaultsDriver';
import {
  cacheDifferences,
  faultKeyOf,
  LastEvents,
  undeliveredStates,
} from './watchFaultsCheck';

export type { FaultKind } from './watchFaultsDriver';

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
  const last: LastEvents = new Map();
  cache.onChange((type, o) =>
    last.set(faultKeyOf(o), { type, rv: o.metadata.resourceVersion }),
  );
  const byKind: Record<FaultKind, number> = {
    drop: 0,
    end: 0,
    expire: 0,
    restart: 0,
  };
  const churn = new RunChurn(plane, runs, random, maxObjects);

  try {
    for (const ns of FAULT_NAMESPACES) {
      plane.store.create(plane.store.registry.get('', 'namespaces'), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      } as any);
    }
    for (let i = 0; i < maxObjects / 2; i++) churn.change();
    await cache.start();

    for (let n = 1; n <= options.faults; n++) {
      const kind = churn.pick(FAULT_KINDS);
      byKind[kind]++;
      await injectFault(kind, plane, cache, churn, settle);
      options.onFault?.(n, kind);
    }

    const server = () =>
      new Map(plane.store.all(runs).map(o => [faultKeyOf(o), o]));
    await eventually(
      () =>
        cacheDifferences(server(), cache).length +
          undeliveredStates(server(), last).length ===
        0
          ? true
          : undefined,
      settle,
    ).catch(() => undefined);
    const mismatched = cacheDifferences(server(), cache);
    const missed = undeliveredStates(server(), last);
    return {
      faults: options.faults,
      byKind,
      objects: server().size,
      created: churn.created,
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
