import { LoggerService } from '@backstage/backend-plugin-api';
import {
  LogLine,
  RunDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  ClusterConfig,
  ObserverConfig,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from '../cluster/ClusterState';
import { OBSERVER_MAX_RANGE_MS, ObserverClient } from './ObserverClient';
import { ObserverUrlResolver } from './observerUrl';

/**
 * Lines are looked for this long before a step started and after it ended
 * (clock skew between the node and Argo's controller). Kept short: OpenChoreo
 * v1.2.3's observer drops `taskName` on the way to its logs adapter
 * (internal/observer/service/logs_adapter.go:41-44, 199-202) and answers every
 * step of the run, so the step's own time is what keeps other steps' lines out.
 */
const MARGIN_MS = 5_000;

interface ClusterObserver {
  client: ObserverClient;
  url: (run: RunDetail) => Promise<string>;
}

/** The time window of a step's lines: its start to its end, with a margin. */
export function stepWindow(run: RunDetail, task: string, now = Date.now()) {
  const step = run.tasks.find(t => t.name === task);
  const time = (...values: Array<string | undefined>) =>
    values.map(v => (v ? Date.parse(v) : NaN)).find(v => !isNaN(v));
  const started = time(step?.startedAt, run.startedAt, run.createdAt);
  const ended = time(step?.completedAt, run.completedAt);
  const to = Math.min(ended === undefined ? now : ended + MARGIN_MS, now);
  const from =
    started === undefined ? to - OBSERVER_MAX_RANGE_MS : started - MARGIN_MS;
  return { from: new Date(Math.min(from, to)), to: new Date(to) };
}

/**
 * OpenChoreo's observer of each configured cluster
 * (`openchoreoWorkflows.clusters[].observer`), where step logs are read when
 * no pod has them.
 */
export class Observers {
  readonly #configs = new Map<string, ObserverConfig>();
  readonly #observers = new Map<string, ClusterObserver>();

  constructor(
    clusters: ClusterConfig[],
    private readonly logger: LoggerService,
  ) {
    for (const c of clusters) {
      if (c.observer) this.#configs.set(c.name, c.observer);
    }
  }

  isConfigured(cluster: string): boolean {
    return this.#configs.has(cluster);
  }

  /** How long a step's lines may take to reach the cluster's observer. */
  ingestionDelayMs(cluster: string): number {
    return this.#configs.get(cluster)?.ingestionDelayMs ?? 0;
  }

  /** One step's lines from the observer; throws ObserverError with words for the user. */
  async stepLogs(
    cluster: ClusterState,
    run: RunDetail,
    task: string,
  ): Promise<{ lines: LogLine[]; truncated: boolean }> {
    const observer = this.#observer(cluster);
    const url = await observer.url(run);
    const { lines, truncated } = await observer.client.stepLogs(url, {
      namespace: run.namespace,
      runName: run.name,
      task,
      ...stepWindow(run, task),
    });
    return {
      lines: lines.map(l => ({ task, timestamp: l.timestamp, text: l.text })),
      truncated,
    };
  }

  #observer(cluster: ClusterState): ClusterObserver {
    const known = this.#observers.get(cluster.name);
    if (known) return known;
    const config = this.#configs.get(cluster.name);
    if (!config) throw new Error(`no observer for cluster '${cluster.name}'`);
    const resolver = config.resolveFromObservabilityPlane
      ? new ObserverUrlResolver(cluster)
      : undefined;
    const observer: ClusterObserver = {
      client: new ObserverClient(
        cluster.name,
        config,
        this.logger.child({ cluster: cluster.name }),
      ),
      url: run =>
        resolver ? resolver.resolve(run) : Promise.resolve(config.url!),
    };
    this.#observers.set(cluster.name, observer);
    return observer;
  }
}
