import { ANNOTATION_STEP_SECONDS } from '../controller/annotations';
import { KubeObject } from '../server/types';
import { Aborted, isoNow, Json, Scope } from './argoTemplates';
import { Execution } from './execution';
import { ARGO_WORKFLOWS, ExecutorKube, PODS } from './kube';
import { StepLogSink } from './logSinks';
import { PodSimulator } from './podRunner';
import { TemplateRunner } from './templateRunner';

/** @public */
export interface ArgoExecutorOptions {
  /** The cluster it acts on, and nothing else. */
  kube: ExecutorKube;
  /** Where the simulated containers' lines go. */
  logs: StepLogSink;
  /** Seconds each step runs unless an annotation says otherwise. */
  stepSeconds: number;
  /** Called with the workflow after each status write (e.g. to measure how fast it is seen). */
  onStatusWritten?: (workflow: KubeObject) => void;
  /** Called when something goes wrong outside a workflow (a failed pod deletion). */
  onError?: (message: string) => void;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/** Seconds per step for a workflow: its annotation, else the executor's default. */
function stepSecondsOf(wf: KubeObject, fallback: number): number {
  const raw = wf.metadata.annotations?.[ANNOTATION_STEP_SECONDS];
  const v = Number(raw);
  return raw !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/**
 * Simulates Argo's workflow-controller through a Kubernetes client only:
 * watches Argo Workflows, walks the steps and DAGs of each new one (from its
 * own templates or its (Cluster)WorkflowTemplate), runs its leaf steps as Pod
 * objects and writes the node statuses to the workflow. A deleted workflow's
 * steps stop and its pods are deleted (Argo's pod GC).
 *
 * @public
 */
export class ArgoExecutor {
  private readonly running = new Map<string, Execution>();
  private readonly pods: PodSimulator;
  private stopWatch?: () => void;
  private stopped = false;

  constructor(private readonly options: ArgoExecutorOptions) {
    this.pods = new PodSimulator(options.kube, options.logs);
  }

  /** Resolves once the workflows that exist were seen (and the new ones started). */
  async start() {
    this.stopWatch = await this.options.kube.watch(ARGO_WORKFLOWS, (type, wf) =>
      type === 'DELETED' ? this.terminate(wf) : this.maybeStart(wf),
    );
  }

  stop() {
    this.stopped = true;
    this.stopWatch?.();
    for (const exec of this.running.values()) exec.abort.abort();
    this.running.clear();
  }

  private maybeStart(wf: KubeObject) {
    const phase = (wf as any).status?.phase;
    if (
      this.stopped ||
      phase ||
      this.running.has(keyOf(wf)) ||
      wf.metadata.deletionTimestamp
    )
      return;
    const exec = new Execution(
      this.options.kube,
      wf,
      stepSecondsOf(wf, this.options.stepSeconds),
      this.options.onStatusWritten,
    );
    this.running.set(keyOf(wf), exec);
    setImmediate(() =>
      this.execute(exec)
        .catch(e => {
          if (!(e instanceof Aborted) && !this.stopped)
            this.options.onError?.(`workflow ${keyOf(wf)}: ${e}`);
        })
        .finally(() => {
          if (this.running.get(keyOf(wf)) === exec)
            this.running.delete(keyOf(wf));
        }),
    );
  }

  /** Stops a deleted workflow's steps and removes its pods (Argo's pod GC on delete). */
  private terminate(wf: KubeObject) {
    this.running.get(keyOf(wf))?.abort.abort();
    this.running.delete(keyOf(wf));
    const ns = wf.metadata.namespace!;
    const { kube, logs } = this.options;
    kube
      .list(PODS, ns, `workflows.argoproj.io/workflow=${wf.metadata.name}`)
      .then(pods =>
        Promise.all(
          pods.map(async pod => {
            await kube.delete(PODS, ns, pod.metadata.name);
            logs.podGone(ns, pod.metadata.name);
          }),
        ),
      )
      .catch(e => {
        if (!this.stopped)
          this.options.onError?.(`deleting the pods of ${keyOf(wf)}: ${e}`);
      });
  }

  /** Runs one workflow from its entrypoint to its end, then writes the final phase. */
  private async execute(exec: Execution) {
    const wf = exec.wf;
    const spec = (wf as any).spec ?? {};
    const scope: Scope = {
      workflow: {
        'workflow.name': exec.name,
        'workflow.namespace': exec.namespace,
        'workflow.uid': wf.metadata.uid ?? '',
        'workflow.serviceAccountName': spec.serviceAccountName ?? 'default',
        'workflow.creationTimestamp': wf.metadata.creationTimestamp ?? '',
      },
      values: {},
    };
    try {
      const entrypoint = await this.loadTemplates(exec, scope);
      await exec.flush();
      const result = await new TemplateRunner(exec, this.pods.run).runTemplate(
        exec.templates.get(entrypoint)!,
        {
          nodeName: exec.name,
          displayName: exec.name,
          scope,
          templateScope: exec.templateSource,
          arguments: [],
        },
      );
      exec.status.phase = result.phase === 'Succeeded' ? 'Succeeded' : 'Failed';
      if (result.phase !== 'Succeeded')
        exec.status.message = result.message ?? 'child failed';
    } catch (e) {
      if (e instanceof Aborted) throw e;
      exec.status.phase = 'Error';
      exec.status.message = (e as Error).message;
    }
    exec.status.finishedAt = isoNow();
    await exec.flush();
  }

  /**
   * The workflow's templates (its own, then its workflowTemplateRef's) and
   * arguments (the template's, overridden by the workflow's) into the scope;
   * returns the entrypoint.
   */
  private async loadTemplates(exec: Execution, scope: Scope): Promise<string> {
    const spec = (exec.wf as any).spec ?? {};
    let entrypoint: string | undefined = spec.entrypoint;
    let params: Json[] = [];
    for (const t of spec.templates ?? []) exec.templates.set(t.name, t);
    const ref = spec.workflowTemplateRef;
    if (ref?.name) {
      const tmpl = await exec.owner(!!ref.clusterScope, ref.name);
      if (!tmpl) {
        const kind = ref.clusterScope
          ? 'clusterworkflowtemplates.argoproj.io'
          : 'workflowtemplates.argoproj.io';
        throw new Error(`${kind} "${ref.name}" not found`);
      }
      exec.templateSource = {
        kind: ref.clusterScope ? 'cluster' : 'namespaced',
        name: ref.name,
      };
      for (const t of (tmpl as any).spec?.templates ?? [])
        exec.templates.set(t.name, t);
      entrypoint = entrypoint ?? (tmpl as any).spec?.entrypoint;
      params = [...((tmpl as any).spec?.arguments?.parameters ?? [])];
    }
    for (const p of spec.arguments?.parameters ?? [])
      params = params.filter(x => x.name !== p.name).concat(p);
    for (const p of params)
      scope.workflow[`workflow.parameters.${p.name}`] = String(
        p.value ?? p.default ?? '',
      );
    if (!entrypoint || !exec.templates.has(entrypoint))
      throw new Error(
        `spec.entrypoint: template "${entrypoint ?? ''}" not found`,
      );
    return entrypoint;
  }
}
