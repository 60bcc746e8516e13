import { InputError, NotFoundError } from '@backstage/errors';
import { ClusterStatus } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';

/** The configured clusters; `?cluster=` picks one, the first is the default. */
export class ClusterRegistry {
  readonly #clusters: Map<string, ClusterState>;

  constructor(clusters: ClusterState[]) {
    this.#clusters = new Map();
    for (const cluster of clusters) {
      if (this.#clusters.has(cluster.name)) {
        throw new InputError(
          `two clusters are named '${cluster.name}' (openchoreoWorkflows.clusters and the clusters modules add)`,
        );
      }
      this.#clusters.set(cluster.name, cluster);
    }
  }

  all(): ClusterState[] {
    return [...this.#clusters.values()];
  }

  get(name?: string): ClusterState {
    if (!name) {
      const first = this.all()[0];
      if (!first)
        throw new NotFoundError('no OpenChoreo cluster is configured');
      return first;
    }
    const cluster = this.#clusters.get(name);
    if (!cluster) {
      // The configured clusters are not listed: their names are the operator's business.
      const shown = name.length > 63 ? `${name.slice(0, 63)}…` : name;
      throw new NotFoundError(
        `?cluster='${shown}' names no configured OpenChoreo cluster`,
      );
    }
    return cluster;
  }

  async start() {
    await Promise.all(this.all().map(c => c.start()));
  }

  stop() {
    for (const c of this.all()) c.stop();
  }

  /** Every cluster listed and every watch reaching its API server. */
  isReady() {
    return this.all().every(c => c.isReady() && c.status().reachable);
  }

  status(): ClusterStatus[] {
    return this.all().map(c => c.status());
  }
}
