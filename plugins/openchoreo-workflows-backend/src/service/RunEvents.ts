import {
  RunEvent,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { toRunDetail } from './convert';
import { RunDiagnoses } from './diagnosis';

type Subscriber = (event: RunEvent) => void;

/**
 * Fans the run caches' changes out to live-stream subscribers, with what is
 * known of why a run does not start; a diagnosis found later is sent as a
 * change of the run (when the run has not changed since).
 */
export class RunEvents {
  readonly #subscribers = new Set<Subscriber>();

  constructor(private readonly diagnoses: RunDiagnoses) {
    diagnoses.onDiagnosed((cluster, run) => {
      const current = cluster.runs.get(
        run.metadata.namespace,
        run.metadata.name,
      );
      if (current === run) this.#send(cluster, 'MODIFIED', run);
    });
  }

  track(cluster: ClusterState) {
    cluster.runs.onChange((type, run) => this.#send(cluster, type, run));
  }

  #send(
    cluster: ClusterState,
    type: RunEvent['type'],
    run: WorkflowRunResource,
  ) {
    if (this.#subscribers.size === 0) return;
    const detail = toRunDetail(cluster.name, run);
    const {
      outputs: _outputs,
      labels: _labels,
      annotations: _annotations,
      ...rest
    } = type === 'DELETED'
      ? detail
      : this.diagnoses.withKnown(cluster, run, detail);
    const event: RunEvent = {
      type,
      run: { ...rest, archived: type === 'DELETED' },
    };
    // One object for every subscriber (streams serialize it once): not to be changed.
    for (const s of this.#subscribers) s(event);
  }

  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }
}
