import { RunEvent } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { toRunDetail } from './convert';

type Subscriber = (event: RunEvent) => void;

/** Fans the run caches' changes out to live-stream subscribers. */
export class RunEvents {
  readonly #subscribers = new Set<Subscriber>();

  track(cluster: ClusterState) {
    cluster.runs.onChange((type, run) => {
      if (this.#subscribers.size === 0) return;
      const {
        outputs: _outputs,
        labels: _labels,
        annotations: _annotations,
        ...detail
      } = toRunDetail(cluster.name, run);
      const event: RunEvent = {
        type,
        run: { ...detail, archived: type === 'DELETED' },
      };
      for (const s of this.#subscribers) s(event);
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
