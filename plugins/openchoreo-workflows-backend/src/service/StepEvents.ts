import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RunDetail,
  StepEvent,
  StepEventsResponse,
  StepLogReason,
  stepLogsUnavailable,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { listStepPods, StepPod, whyNoPod } from './stepPods';

/** Pods of one step whose events are read (a step with retries has several). */
const MAX_PODS = 20;
/** Events read per pod (the API server's page; the newest are what matter). */
const MAX_EVENTS_PER_POD = 500;
/** An answer is reused this long: a run page polls while the step runs. */
const CACHE_MS = 5_000;
const CACHE_ENTRIES = 500;

/** OpenChoreo's timestamp of an event: eventTime, else firstTimestamp, else lastTimestamp. */
function eventTimestamp(e: any): string | undefined {
  return [e.eventTime, e.firstTimestamp, e.lastTimestamp].find(
    (t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)),
  );
}

/** A core v1 Event as a step event; events without a time are skipped, as OpenChoreo does. */
export function toStepEvent(e: any, pod: string): StepEvent | undefined {
  const timestamp = eventTimestamp(e);
  if (!timestamp) return undefined;
  const count = e.series?.count ?? e.count;
  const last = e.series?.lastObservedTime ?? e.lastTimestamp;
  return {
    timestamp,
    type: String(e.type ?? ''),
    reason: String(e.reason ?? ''),
    message: String(e.note ?? e.message ?? ''),
    ...(typeof count === 'number' && count > 1 ? { count } : {}),
    ...(typeof last === 'string' && last !== timestamp
      ? { lastTimestamp: last }
      : {}),
    pod,
  };
}

/**
 * The Kubernetes Events of a step's pods in the workflow plane, as
 * OpenChoreo's `GET …/workflowruns/{run}/events?task=` answers them
 * (internal/openchoreo-api/services/workflowrun/service.go
 * getArgoWorkflowRunEvents): the run's pods (label
 * `workflows.argoproj.io/workflow`), those of the task (node-name
 * annotation), each pod's events by field selector, oldest first.
 *
 * Read when asked, not watched: events are the busiest kind of a cluster
 * (every pod of every namespace of the workflow plane), a watch would hold
 * all of them for the few steps anyone looks at; the field selector makes the
 * API server filter, each read is bounded (pods, events per pod) and an
 * answer is reused for 5 s, one read at a time per step, so a page that polls
 * costs at most one LIST per pod every 5 s.
 */
export class StepEvents {
  readonly #cache = new Map<
    string,
    { at: number; answer: Promise<StepEventsResponse> }
  >();

  constructor(private readonly deps: { logger: LoggerService }) {}

  list(
    cluster: ClusterState,
    run: RunDetail,
    task: string,
  ): Promise<StepEventsResponse> {
    const key = `${cluster.name}/${run.namespace}/${run.name}/${task}`;
    const cached = this.#cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.answer;
    const answer = this.#read(cluster, run, task);
    this.#cache.delete(key);
    this.#cache.set(key, { at: Date.now(), answer });
    while (this.#cache.size > CACHE_ENTRIES) {
      this.#cache.delete(this.#cache.keys().next().value!);
    }
    return answer;
  }

  async #read(
    cluster: ClusterState,
    run: RunDetail,
    task: string,
  ): Promise<StepEventsResponse> {
    const none = (reason: StepLogReason, detail?: string) => ({
      items: [],
      message: stepLogsUnavailable(task, reason, { what: 'events', detail }),
    });
    const listing = await listStepPods(cluster, run);
    const pods = listing.pods.filter(p => p.task === task).slice(0, MAX_PODS);
    if (pods.length === 0) {
      const reason = whyNoPod(run, task, listing);
      // A step yet to start has no pod and no events so far: nothing to explain.
      return reason ? none(reason, listing.error) : { items: [] };
    }
    let items: StepEvent[];
    try {
      items = (
        await Promise.all(pods.map(p => this.#podEvents(cluster, p)))
      ).flat();
    } catch (e) {
      this.deps.logger.debug(`events of ${run.namespace}/${run.name}: ${e}`);
      return none('logUnreadable', (e as Error).message);
    }
    // Stable: events of the same second keep the API server's order.
    items.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    return { items };
  }

  async #podEvents(cluster: ClusterState, pod: StepPod): Promise<StepEvent[]> {
    const list = await cluster.workflowPlane.request<{ items: any[] }>(
      'GET',
      `/api/v1/namespaces/${pod.namespace}/events`,
      `list the events of pod ${pod.namespace}/${pod.pod}`,
      undefined,
      {
        fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod.pod}`,
        limit: MAX_EVENTS_PER_POD,
      },
    );
    // A pod of the same name from an earlier run of the same name is not ours.
    return list.items
      .filter(
        e =>
          !pod.uid ||
          !e.involvedObject?.uid ||
          e.involvedObject.uid === pod.uid,
      )
      .map(e => toStepEvent(e, pod.pod))
      .filter((e): e is StepEvent => !!e);
  }
}
