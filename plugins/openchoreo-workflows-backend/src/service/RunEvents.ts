import {
  RunEvent,
  RunSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { toRunSummary } from './convert';

type Subscriber = (event: RunEvent) => void;

/** Fans the run caches' changes out to live-stream subscribers. */
export class RunEvents {
  readonly #subscribers = new Set<Subscriber>();

  track(cluster: ClusterState) {
    cluster.runs.onChange((type, run) => {
      if (this.#subscribers.size === 0) return;
      const summary: RunSummary = {
        ...toRunSummary(cluster.name, run),
        archived: type === 'DELETED',
      };
      for (const s of this.#subscribers) s({ type, run: summary });
    });
  }

  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  get size() {
    return this.#subscribers.size;
  }
}
