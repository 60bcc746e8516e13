import { LoggerService } from '@backstage/backend-plugin-api';
import {
  diagnosisFrom,
  diagnosisRequest,
  runWorkflowKind,
  RunDiagnosis,
  RunSummary,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ClusterState } from '../cluster/ClusterState';
import { memoKey } from './convert';

interface Entry {
  /** The run's resourceVersion and its workflow's spec the answer is for. */
  resourceVersion?: string;
  workflowSpec: object;
  answer: Promise<RunDiagnosis | undefined>;
  settled?: { diagnosis?: RunDiagnosis };
}

type Listener = (
  cluster: ClusterState,
  run: WorkflowRunResource,
  diagnosis: RunDiagnosis,
) => void;

/**
 * Why a run that OpenChoreo cannot render stays Pending: OpenChoreo's
 * controller only logs a render error and requeues, with no condition and no
 * event. A Pending run without a run resource is rendered from its own
 * parameters as the controller renders it (common: diagnosisRequest), in the
 * evaluator (off the event loop, with its deadline), once per version of the
 * run and of its workflow, started when the run cache sees it. Listings show
 * what is known so far; listeners hear of a diagnosis when it is found.
 */
export class RunDiagnoses {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<Listener>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly logger: LoggerService,
  ) {}

  track(cluster: ClusterState) {
    cluster.runs.onChange((type, run) => {
      if (type === 'DELETED') this.#entries.delete(this.#key(cluster, run));
      else void this.diagnose(cluster, run);
    });
  }

  onDiagnosed(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What is known for this version of the run (nothing until diagnosed). */
  known(cluster: ClusterState, run: WorkflowRunResource) {
    const entry = this.#entry(cluster, run);
    return entry?.settled?.diagnosis;
  }

  /** `summary` (of `run`) with its diagnosis, when one is known. */
  withKnown<T extends RunSummary>(
    cluster: ClusterState,
    run: WorkflowRunResource,
    summary: T,
  ): T {
    const diagnosis = this.known(cluster, run);
    return diagnosis ? { ...summary, diagnosis } : summary;
  }

  /**
   * Records that this version of the run renders (a launch just rendered
   * what it created), so that it is not rendered again.
   */
  rendered(cluster: ClusterState, run: WorkflowRunResource) {
    const workflow = this.#workflowOf(cluster, run);
    if (!workflow) return;
    this.#entries.set(this.#key(cluster, run), {
      resourceVersion: run.metadata.resourceVersion,
      workflowSpec: memoKey(workflow),
      answer: Promise.resolve(undefined),
      settled: {},
    });
  }

  /** Diagnoses this version of the run once; later calls share the answer. */
  diagnose(
    cluster: ClusterState,
    run: WorkflowRunResource,
  ): Promise<RunDiagnosis | undefined> {
    const known = this.#entry(cluster, run);
    if (known) return known.answer;
    const workflow = this.#workflowOf(cluster, run);
    const request = workflow && diagnosisRequest(workflow, run);
    if (!workflow || !request) {
      this.#entries.delete(this.#key(cluster, run));
      return Promise.resolve(undefined);
    }
    const entry: Entry = {
      resourceVersion: run.metadata.resourceVersion,
      workflowSpec: memoKey(workflow),
      answer: this.#evaluate(request),
    };
    entry.answer = entry.answer.then(diagnosis => {
      entry.settled = { diagnosis };
      if (diagnosis) {
        for (const listener of this.#listeners)
          listener(cluster, run, diagnosis);
      }
      return diagnosis;
    });
    this.#entries.set(this.#key(cluster, run), entry);
    return entry.answer;
  }

  async #evaluate(
    request: NonNullable<ReturnType<typeof diagnosisRequest>>,
  ): Promise<RunDiagnosis | undefined> {
    try {
      return diagnosisFrom(await this.evaluator.evaluate(request));
    } catch (e) {
      this.logger.warn(
        `could not diagnose WorkflowRun ${request.context.namespace}/${
          request.context.runName
        }: ${(e as Error).message}`,
      );
      return undefined;
    }
  }

  #key(cluster: ClusterState, run: WorkflowRunResource) {
    return `${cluster.name}/${run.metadata.namespace}/${run.metadata.name}`;
  }

  #workflowOf(cluster: ClusterState, run: WorkflowRunResource) {
    const kind = runWorkflowKind(run, 'v0'); // as toRunSummary reads it
    const workflow = cluster.getWorkflow(
      kind,
      kind === 'Workflow' ? run.metadata.namespace : undefined,
      run.spec?.workflow?.name,
    );
    return workflow && { ...workflow, kind };
  }

  /** The entry for this version of the run and of its workflow, if any. */
  #entry(cluster: ClusterState, run: WorkflowRunResource) {
    const entry = this.#entries.get(this.#key(cluster, run));
    if (!entry || entry.resourceVersion !== run.metadata.resourceVersion) {
      return undefined;
    }
    const workflow = this.#workflowOf(cluster, run);
    if (!workflow || memoKey(workflow) !== entry.workflowSpec) return undefined;
    return entry;
  }
}
