import { workflowPlaneNamespace } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { ObjectStore } from '../server/store';
import { KubeObject, ResourceType, StoreEvent } from '../server/types';
import { LOCAL_ANNOTATION_PREFIX } from './annotations';
import * as cond from './conditions';
import { renderedOrProblem, RunEvaluations } from './runEvaluations';

/** @public */
export const FINALIZER = 'openchoreo.dev/workflowrun-cleanup';
const LABEL_RUN = 'openchoreo.dev/workflowrun';
const LABEL_RUN_NAMESPACE = 'openchoreo.dev/workflowrun-namespace';
const LABEL_MANAGED_BY = 'openchoreo.dev/managed-by';

type Json = Record<string, any>;

export interface ControllerOptions {
  /** How long a run whose render failed waits before the next attempt (OpenChoreo backs off). */
  retrySeconds?: number;
}

const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `1d12h30m15s` → milliseconds (the pattern the CRD allows). */
export function parseTtl(ttl: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(ttl);
  if (!m || !ttl) return undefined;
  const [d, h, mi, s] = m.slice(1).map(x => Number(x ?? 0));
  return (((d * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

const stringValue = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

/** Argo node index: the number in the last `[N]` of the node name; -1 without one. */
const nodeIndex = (name: string) => {
  const all = [...name.matchAll(/\[(\d+)\]/g)];
  return all.length ? Number(all[all.length - 1][1]) : -1;
};

/** status.tasks from Argo nodes, as extractArgoTasksFromWorkflowNodes builds them (Pod nodes only). */
export function tasksFromNodes(
  nodes: Record<string, Json> | undefined,
): Json[] {
  const pods = Object.values(nodes ?? {}).filter(n => n.type === 'Pod');
  pods.sort(
    (a, b) =>
      nodeIndex(a.name) - nodeIndex(b.name) ||
      String(a.startedAt ?? '').localeCompare(String(b.startedAt ?? '')) ||
      String(a.name).localeCompare(String(b.name)),
  );
  const phases = [
    'Pending',
    'Running',
    'Succeeded',
    'Failed',
    'Skipped',
    'Error',
  ];
  return pods.map(n => {
    let phase = phases.includes(n.phase) ? n.phase : 'Error';
    if (n.phase === 'Omitted') phase = 'Skipped';
    return {
      name: n.displayName || String(n.name).split('.').pop(),
      phase,
      ...(n.startedAt ? { startedAt: n.startedAt } : {}),
      ...(n.finishedAt ? { completedAt: n.finishedAt } : {}),
      ...(n.message ? { message: n.message } : {}),
    };
  });
}

/** The simulated OpenChoreo WorkflowRun controller (SPEC §4), event-driven off the store. */
export class WorkflowRunController {
  private readonly runs: ResourceType;
  private readonly workflows: ResourceType;
  private readonly clusterWorkflows: ResourceType;
  private readonly argoWorkflows: ResourceType;
  private readonly namespaces: ResourceType;
  private readonly events: ResourceType;
  private readonly queue = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastError = new Map<
    string,
    { message: string; event: string }
  >();
  private readonly evaluations: RunEvaluations;
  private scheduled = false;
  private stopped = false;
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
    this.namespaces = r.get('', 'namespaces');
    this.events = r.get('', 'events');
    this.retryMs = (options.retrySeconds ?? 10) * 1000;
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
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private onEvent(e: StoreEvent) {
    const o = e.object;
    if (e.resource === this.runs) {
      if (e.type !== 'DELETED')
        this.enqueue(o.metadata.namespace!, o.metadata.name);
      else {
        this.clearTimer(`${o.metadata.namespace}/${o.metadata.name}`);
        this.evaluations.forget(`${o.metadata.namespace}/${o.metadata.name}`);
      }
    } else if (e.resource === this.argoWorkflows) {
      const run = o.metadata.labels?.[LABEL_RUN];
      const ns = o.metadata.labels?.[LABEL_RUN_NAMESPACE];
      if (run && ns) this.enqueue(ns, run);
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
    if (this.stopped) return;
    this.queue.add(`${namespace}/${name}`);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain() {
    this.scheduled = false;
    const keys = [...this.queue];
    this.queue.clear();
    for (const key of keys) {
      if (this.stopped) return;
      const [ns, name] = key.split('/');
      try {
        this.reconcile(ns, name);
      } catch (e) {
        if ((e as any)?.code === 409 || (e as any)?.code === 404)
          this.enqueue(ns, name);
        else this.later(key, this.retryMs);
      }
    }
  }

  private later(key: string, ms: number) {
    this.clearTimer(key);
    const [ns, name] = key.split('/');
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.enqueue(ns, name);
    }, ms);
    t.unref?.();
    this.timers.set(key, t);
  }

  private clearTimer(key: string) {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private writeStatus(run: KubeObject, status: Json): KubeObject {
    return this.store.update(
      this.runs,
      { ...run, status },
      { subresource: 'status' },
    );
  }

  private recordEvent(
    run: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) {
    const key = `${run.metadata.uid}/${reason}`;
    const ns = run.metadata.namespace!;
    const ts = isoNow();
    const previous = this.lastError.get(key);
    const existing =
      previous && previous.message === message
        ? this.store.tryGet(this.events, ns, previous.event)
        : undefined;
    if (existing) {
      this.store.update(this.events, {
        ...existing,
        count: ((existing as any).count ?? 1) + 1,
        lastTimestamp: ts,
      });
      return;
    }
    const created = this.store.create(this.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: `${run.metadata.name}.`, namespace: ns },
      involvedObject: {
        apiVersion: run.apiVersion,
        kind: run.kind,
        name: run.metadata.name,
        namespace: ns,
        uid: run.metadata.uid,
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      source: { component: 'workflowrun-controller' },
      reportingComponent: 'workflowrun-controller',
    } as unknown as KubeObject);
    this.lastError.set(key, { message, event: created.metadata.name });
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
    else if (due < 2 ** 31 - 1) this.later(key, due);
  }

  /** Mirrors the Argo Workflow into the run's tasks and conditions. */
  private sync(run: KubeObject, status: Json, generation: number) {
    const ref = status.runReference;
    const argo = this.store.tryGet(this.argoWorkflows, ref.namespace, ref.name);
    if (!argo) {
      this.complete(run, status, cond.notFound(status.conditions, generation));
      return;
    }
    const argoStatus = (argo as any).status ?? {};
    const next: Json = { ...status, tasks: tasksFromNodes(argoStatus.nodes) };
    switch (argoStatus.phase) {
      case 'Running':
        next.conditions = cond.running(status.conditions, generation);
        break;
      case 'Succeeded':
        next.conditions = cond.succeeded(status.conditions, generation);
        next.completedAt = status.completedAt ?? isoNow();
        break;
      case 'Failed':
      case 'Error':
        next.conditions = cond.failed(status.conditions, generation);
        next.completedAt = status.completedAt ?? isoNow();
        break;
      default:
        break;
    }
    if (!next.tasks.length) delete next.tasks;
    if (JSON.stringify(next) !== JSON.stringify(status))
      this.writeStatus(run, next);
  }

  private planeNamespace(run: KubeObject): string {
    const generation = (run as any).spec?.workflow?.kind ? 'v1' : 'v0';
    return workflowPlaneNamespace(generation, run.metadata.namespace!);
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
    const planeNamespace = this.planeNamespace(run);
    const outcome = this.evaluations.outcome(
      key,
      [
        run.metadata.uid,
        run.metadata.generation,
        workflow.metadata.uid,
        workflow.metadata.resourceVersion,
      ].join('/'),
      {
        workflow: workflow as any,
        // The run's own parameters, typed as OpenChoreo types them.
        parameters: (run as any).spec?.workflow?.parameters ?? {},
        parametersFrom: 'run',
        context: {
          runName: run.metadata.name,
          namespace: ns,
          workflowPlaneNamespace: planeNamespace,
          labels: run.metadata.labels ?? {},
          annotations: run.metadata.annotations ?? {},
          uid: run.metadata.uid,
        },
      },
    );
    if (!outcome) return;
    const evaluated = renderedOrProblem(outcome);
    if (!('rendered' in evaluated)) {
      this.recordEvent(run, 'Warning', evaluated.reason, evaluated.message);
      this.later(key, this.retryMs);
      return;
    }
    const { rendered } = evaluated;
    const runLabels = {
      [LABEL_RUN]: run.metadata.name,
      [LABEL_RUN_NAMESPACE]: ns,
      [LABEL_MANAGED_BY]: 'workflowrun-controller',
    };
    const argo = structuredClone(rendered.run) as Json;
    argo.metadata = { ...(argo.metadata ?? {}) };
    argo.metadata.labels = { ...(argo.metadata.labels ?? {}), ...runLabels };
    const local = Object.entries(run.metadata.annotations ?? {}).filter(([k]) =>
      k.startsWith(LOCAL_ANNOTATION_PREFIX),
    );
    if (local.length)
      argo.metadata.annotations = {
        ...(argo.metadata.annotations ?? {}),
        ...Object.fromEntries(local),
      };
    for (const p of argo.spec?.arguments?.parameters ?? []) {
      if (p.value !== undefined) p.value = stringValue(p.value);
    }
    const target = argo.metadata.namespace;
    if (!target || !argo.spec?.serviceAccountName) {
      // OpenChoreo requeues forever without a condition; the event says why.
      this.recordEvent(
        run,
        'Warning',
        'RenderFailed',
        `rendered run resource must set ${
          !target ? 'metadata.namespace' : 'spec.serviceAccountName'
        }`,
      );
      this.later(key, this.retryMs);
      return;
    }
    const argoType = this.store.registry.byKind(argo.apiVersion, argo.kind);
    if (!argoType) {
      this.recordEvent(
        run,
        'Warning',
        'RenderFailed',
        `the local control plane does not serve ${argo.kind} (${argo.apiVersion})`,
      );
      this.later(key, this.retryMs);
      return;
    }
    this.ensureNamespace(target);
    const applied: Json[] = [];
    for (const resource of rendered.resources ?? []) {
      const obj = structuredClone(resource.object) as Json;
      const rt = this.store.registry.byKind(obj.apiVersion, obj.kind);
      if (!rt) {
        this.recordEvent(
          run,
          'Normal',
          'ResourceSkipped',
          `resource "${resource.id}" (${obj.kind}) is not served by the local control plane; skipped`,
        );
        continue;
      }
      obj.metadata = {
        ...(obj.metadata ?? {}),
        labels: { ...(obj.metadata?.labels ?? {}), ...runLabels },
      };
      if (rt.namespaced) {
        obj.metadata.namespace = planeNamespace;
        this.ensureNamespace(planeNamespace);
      }
      this.createOrUpdate(rt, obj as KubeObject);
      applied.push({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(rt.namespaced ? { namespace: planeNamespace } : {}),
      });
    }
    const created = this.createOrUpdate(argoType, argo as KubeObject);
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
    this.lastError.delete(`${run.metadata.uid}/RenderFailed`);
  }

  private ensureNamespace(name: string) {
    if (this.store.tryGet(this.namespaces, undefined, name)) return;
    this.store.create(this.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  }

  private createOrUpdate(rt: ResourceType, obj: KubeObject): KubeObject {
    const existing = this.store.tryGet(
      rt,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    if (!existing) return this.store.create(rt, obj);
    return this.store.update(rt, {
      ...obj,
      metadata: {
        ...existing.metadata,
        ...obj.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      },
    });
  }

  /** Deletes the rendered resources and the Argo Workflow (which stops its pods), then the finalizer. */
  private finalize(run: KubeObject) {
    if (!(run.metadata.finalizers ?? []).includes(FINALIZER)) return;
    const status = (run as any).status ?? {};
    const refs: Json[] = [
      ...(status.resources ?? []),
      ...(status.runReference ? [status.runReference] : []),
    ];
    for (const ref of refs) {
      const rt = this.store.registry.byKind(
        ref.apiVersion ?? '',
        ref.kind ?? '',
      );
      if (!rt) continue;
      try {
        this.store.delete(rt, ref.namespace, ref.name);
      } catch (e) {
        if ((e as any)?.code !== 404) throw e;
      }
    }
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
