import { WORKFLOWRUN_FINALIZER } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ObjectStore } from '../server/store';
import { KubeObject, ResourceType, StoreEvent } from '../server/types';
import {
  argoWorkflowFor,
  argoWorkflowProblem,
  runLabels,
  runOf,
} from './argoWorkflowFor';
import { statusFromArgo } from './argoStatus';
import * as cond from './conditions';
import { ObjectApplier } from './objectApplier';
import { ReconcileQueue } from './reconcileQueue';
import { RunEventRecorder } from './runEventRecorder';
import { parseTtl } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { isoNow } from '../time';
import {
  renderedOrProblem,
  runEvaluationRequest,
  RunEvaluations,
} from './runEvaluations';

/** @public */
export const FINALIZER = WORKFLOWRUN_FINALIZER;

type Json = Record<string, any>;

export interface ControllerOptions {
  /** How long a run whose render failed waits before the next attempt (OpenChoreo backs off). */
  retrySeconds?: number;
}

/** The simulated OpenChoreo WorkflowRun controller (SPEC §4), event-driven off the store. */
export class WorkflowRunController {
  private readonly runs: ResourceType;
  private readonly workflows: ResourceType;
  private readonly clusterWorkflows: ResourceType;
  private readonly argoWorkflows: ResourceType;
  private readonly queue: ReconcileQueue;
  private readonly events: RunEventRecorder;
  private readonly applier: ObjectApplier;
  private readonly evaluations: RunEvaluations;
  private unsubscribe?: () => void;
  private readonly retryMs: number;

  constructor(
    private readonly store: ObjectStore,
    /** Validates and renders off the event loop, with a deadline: no run can freeze the controller. */
    evaluator: Evaluator,
    options: ControllerOptions = {},
  ) {
    const r = store.registry;
    this.runs = r.get('openchoreo.dev', 'workflowruns');
    this.workflows = r.get('openchoreo.dev', 'workflows');
    this.clusterWorkflows = r.get('openchoreo.dev', 'clusterworkflows');
    this.argoWorkflows = r.get('argoproj.io', 'workflows');
    this.events = new RunEventRecorder(store);
    this.applier = new ObjectApplier(store);
    this.retryMs = (options.retrySeconds ?? 10) * 1000;
    this.queue = new ReconcileQueue(
      (ns, name) => this.reconcile(ns, name),
      this.retryMs,
    );
    this.evaluations = new RunEvaluations(evaluator, key => {
      const [ns, name] = key.split('/');
      this.enqueue(ns, name);
    });
  }

  start() {
    this.unsubscribe = this.store.subscribe(e => this.onEvent(e));
    for (const run of this.store.all(this.runs))
      this.enqueue(run.metadata.namespace!, run.metadata.name);
  }

  stop() {
    this.queue.stop();
    this.unsubscribe?.();
  }

  private onEvent(e: StoreEvent) {
    const o = e.object;
    if (e.resource === this.runs) {
      if (e.type !== 'DELETED')
        this.enqueue(o.metadata.namespace!, o.metadata.name);
      else {
        this.queue.forget(`${o.metadata.namespace}/${o.metadata.name}`);
        this.evaluations.forget(`${o.metadata.namespace}/${o.metadata.name}`);
      }
    } else if (e.resource === this.argoWorkflows) {
      const run = runOf(o);
      if (run) this.enqueue(run.namespace, run.name);
    } else if (
      e.resource === this.workflows ||
      e.resource === this.clusterWorkflows
    ) {
      // A fixed Workflow unblocks runs that could not be rendered yet.
      for (const run of this.store.all(this.runs)) {
        if (!(run as any).status?.runReference)
          this.enqueue(run.metadata.namespace!, run.metadata.name);
      }
    }
  }

  enqueue(namespace: string, name: string) {
    this.queue.enqueue(namespace, name);
  }

  private writeStatus(run: KubeObject, status: Json): KubeObject {
    return this.store.update(
      this.runs,
      { ...run, status },
      { subresource: 'status' },
    );
  }

  private resolveWorkflow(run: KubeObject): KubeObject | undefined {
    const ref = (run as any).spec?.workflow ?? {};
    if (ref.kind === 'ClusterWorkflow')
      return this.store.tryGet(this.clusterWorkflows, undefined, ref.name);
    return this.store.tryGet(this.workflows, run.metadata.namespace, ref.name);
  }

  reconcile(namespace: string, name: string) {
    let run = this.store.tryGet(this.runs, namespace, name);
    if (!run) return;
    const key = `${namespace}/${name}`;
    if (run.metadata.deletionTimestamp) {
      this.finalize(run);
      return;
    }
    if (!(run.metadata.finalizers ?? []).includes(FINALIZER)) {
      run.metadata.finalizers = [...(run.metadata.finalizers ?? []), FINALIZER];
      this.store.update(this.runs, run);
      return; // the update comes back as an event
    }
    const generation = run.metadata.generation ?? 1;
    let status: Json = { ...((run as any).status ?? {}) };
    const ttl = (run as any).spec?.ttlAfterCompletion as string | undefined;

    if (cond.isTrue(status.conditions, cond.COMPLETED)) {
      if (!status.completedAt)
        this.writeStatus(run, { ...status, completedAt: isoNow() });
      this.scheduleTtl(run, ttl, status.completedAt);
      return;
    }
    if (!status.conditions?.some((c: Json) => c.type === cond.COMPLETED)) {
      status = {
        ...status,
        startedAt: status.startedAt ?? isoNow(),
        conditions: cond.pending(status.conditions ?? [], generation),
      };
      run = this.writeStatus(run, status);
    }

    const labels = run.metadata.labels ?? {};
    const hasProject = 'openchoreo.dev/project' in labels;
    const hasComponent = 'openchoreo.dev/component' in labels;
    if (hasProject !== hasComponent && !status.runReference) {
      const message =
        'both openchoreo.dev/project and openchoreo.dev/component labels must be set for a component workflow run';
      this.complete(
        run,
        status,
        cond.componentValidationFailed(message)(status.conditions, generation),
      );
      return;
    }

    const workflow = this.resolveWorkflow(run);
    if (!workflow) {
      this.complete(run, status, cond.notFound(status.conditions, generation));
      return;
    }

    if (status.runReference) {
      this.sync(run, status, generation);
      return;
    }

    const workflowTtl = (workflow as any).spec?.ttlAfterCompletion;
    if (!ttl && workflowTtl) {
      this.store.update(this.runs, {
        ...run,
        spec: { ...(run as any).spec, ttlAfterCompletion: workflowTtl },
      });
      return;
    }
    this.submit(run, workflow, status, key);
  }

  private complete(
    run: KubeObject,
    status: Json,
    conditions: cond.Condition[],
  ) {
    this.writeStatus(run, {
      ...status,
      conditions,
      completedAt: status.completedAt ?? isoNow(),
    });
  }

  private scheduleTtl(
    run: KubeObject,
    ttl: string | undefined,
    completedAt: string | undefined,
  ) {
    const ms = ttl ? parseTtl(ttl) : undefined;
    if (ms === undefined || !completedAt) return;
    const due = Date.parse(completedAt) + ms - Date.now();
    const key = `${run.metadata.namespace}/${run.metadata.name}`;
    if (due <= 0)
      this.store.delete(this.runs, run.metadata.namespace, run.metadata.name);
    else if (due < 2 ** 31 - 1) this.queue.later(key, due);
  }

  /** Mirrors the Argo Workflow into the run's tasks and conditions. */
  private sync(run: KubeObject, status: Json, generation: number) {
    const ref = status.runReference;
    const argo = this.store.tryGet(this.argoWorkflows, ref.namespace, ref.name);
    if (!argo) {
      this.complete(run, status, cond.notFound(status.conditions, generation));
      return;
    }
    const next = statusFromArgo(status, (argo as any).status ?? {}, generation);
    if (JSON.stringify(next) !== JSON.stringify(status))
      this.writeStatus(run, next);
  }

  /**
   * Defaults, validates and renders the Workflow (in the evaluator: this
   * returns at once and the run comes back when the outcome is there), then
   * creates the Argo Workflow (and resources).
   */
  private submit(
    run: KubeObject,
    workflow: KubeObject,
    status: Json,
    key: string,
  ) {
    const ns = run.metadata.namespace!;
    const { inputs, request, planeNamespace } = runEvaluationRequest(
      run,
      workflow,
    );
    const outcome = this.evaluations.outcome(key, inputs, request);
    if (!outcome) return;
    const evaluated = renderedOrProblem(outcome);
    if (!('rendered' in evaluated)) {
      this.events.record(run, 'Warning', evaluated.reason, evaluated.message);
      this.queue.later(key, this.retryMs);
      return;
    }
    const { rendered } = evaluated;
    const argo = argoWorkflowFor(run, rendered.run);
    const argoType = this.store.registry.byKind(argo.apiVersion, argo.kind);
    const problem =
      argoWorkflowProblem(argo) ??
      (argoType
        ? undefined
        : `the local control plane does not serve ${argo.kind} (${argo.apiVersion})`);
    if (problem || !argoType) {
      // OpenChoreo requeues forever without a condition; the event says why.
      this.events.record(run, 'Warning', 'RenderFailed', problem!);
      this.queue.later(key, this.retryMs);
      return;
    }
    this.applier.ensureNamespace(argo.metadata.namespace);
    const applied = this.applier.applyResources(
      rendered.resources ?? [],
      runLabels(run),
      planeNamespace,
      (id, kind) =>
        this.events.record(
          run,
          'Normal',
          'ResourceSkipped',
          `resource "${id}" (${kind}) is not served by the local control plane; skipped`,
        ),
    );
    const created = this.applier.createOrUpdate(argoType, argo as KubeObject);
    const latest = this.store.get(this.runs, ns, run.metadata.name);
    this.writeStatus(latest, {
      ...((latest as any).status ?? status),
      runReference: {
        apiVersion: argo.apiVersion,
        kind: argo.kind,
        name: created.metadata.name,
        namespace: created.metadata.namespace,
      },
      ...(applied.length ? { resources: applied } : {}),
    });
    this.events.forget(run, 'RenderFailed');
  }

  /** Deletes the rendered resources and the Argo Workflow (which stops its pods), then the finalizer. */
  private finalize(run: KubeObject) {
    if (!(run.metadata.finalizers ?? []).includes(FINALIZER)) return;
    const status = (run as any).status ?? {};
    this.applier.deleteAll([
      ...(status.resources ?? []),
      ...(status.runReference ? [status.runReference] : []),
    ]);
    const latest = this.store.get(
      this.runs,
      run.metadata.namespace,
      run.metadata.name,
    );
    latest.metadata.finalizers = (latest.metadata.finalizers ?? []).filter(
      f => f !== FINALIZER,
    );
    this.store.update(this.runs, latest);
  }
}
