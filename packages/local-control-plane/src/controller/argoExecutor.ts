import { PodLogStore } from '../server/podLogs';
import { ObjectStore } from '../server/store';
import { KubeObject, ResourceType, StoreEvent } from '../server/types';
import {
  ANNOTATION_FAIL_MESSAGE,
  ANNOTATION_FAIL_STEP,
  ANNOTATION_STEP_SECONDS,
} from './annotations';
import {
  Aborted,
  deepSubstitute,
  evaluateWhen,
  isoNow,
  Json,
  nodeId,
  outputValue,
  Phase,
  Scope,
  substitute,
  templateType,
} from './argoTemplates';
import { plausibleOutput, StepDescription, stepLogLines } from './logLines';
import { podEvent, podManifest, podStatus } from './simulatedPods';

export interface ExecutorOptions {
  stepSeconds: number;
}

interface Execution {
  wf: KubeObject;
  abort: AbortController;
  status: Json;
  templates: Map<string, Json>;
  templateSource: { kind: 'local' | 'cluster' | 'namespaced'; name: string };
  stepSeconds: number;
  pods: string[];
}

/** Simulates Argo's workflow-controller: walks steps/DAGs, runs "pods", writes node statuses. */
export class ArgoExecutor {
  private readonly running = new Map<string, Execution>();
  private unsubscribe?: () => void;
  private readonly wfType: ResourceType;
  private readonly cwtType: ResourceType;
  private readonly wtType: ResourceType;
  private readonly podType: ResourceType;
  private readonly eventType: ResourceType;

  constructor(
    private readonly store: ObjectStore,
    private readonly logs: PodLogStore,
    private readonly options: ExecutorOptions,
  ) {
    const r = store.registry;
    this.wfType = r.get('argoproj.io', 'workflows');
    this.cwtType = r.get('argoproj.io', 'clusterworkflowtemplates');
    this.wtType = r.get('argoproj.io', 'workflowtemplates');
    this.podType = r.get('', 'pods');
    this.eventType = r.get('', 'events');
  }

  start() {
    this.unsubscribe = this.store.subscribe(e => this.onEvent(e));
    for (const wf of this.store.all(this.wfType)) this.maybeStart(wf);
  }

  stop() {
    this.unsubscribe?.();
    for (const exec of this.running.values()) exec.abort.abort();
    this.running.clear();
  }

  private key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

  private onEvent(e: StoreEvent) {
    if (e.resource !== this.wfType) return;
    if (e.type === 'DELETED') {
      this.terminate(e.object);
      return;
    }
    this.maybeStart(e.object);
  }

  private maybeStart(wf: KubeObject) {
    const phase = (wf as any).status?.phase;
    if (
      phase ||
      this.running.has(this.key(wf)) ||
      wf.metadata.deletionTimestamp
    )
      return;
    setImmediate(() => {
      if (this.running.has(this.key(wf))) return;
      this.execute(wf).catch(() => undefined);
    });
  }

  /** Stops a deleted workflow's steps and removes its pods (Argo's pod GC on delete). */
  private terminate(wf: KubeObject) {
    const exec = this.running.get(this.key(wf));
    exec?.abort.abort();
    this.running.delete(this.key(wf));
    const ns = wf.metadata.namespace!;
    for (const pod of this.store.list(this.podType, {
      namespace: ns,
      labelSelector: `workflows.argoproj.io/workflow=${wf.metadata.name}`,
    }).items) {
      try {
        this.store.delete(this.podType, ns, pod.metadata.name);
      } catch {
        // already gone
      }
      this.logs.deletePod(ns, pod.metadata.name);
    }
  }

  private stepSecondsOf(wf: KubeObject): number {
    const v = Number(wf.metadata.annotations?.[ANNOTATION_STEP_SECONDS]);
    return Number.isFinite(v) &&
      v >= 0 &&
      wf.metadata.annotations?.[ANNOTATION_STEP_SECONDS] !== undefined
      ? v
      : this.options.stepSeconds;
  }

  private async execute(wf: KubeObject) {
    const spec = (wf as any).spec ?? {};
    const exec: Execution = {
      wf,
      abort: new AbortController(),
      status: {
        phase: 'Running',
        startedAt: isoNow(),
        finishedAt: null,
        progress: '0/0',
        nodes: {},
      },
      templates: new Map(),
      templateSource: { kind: 'local', name: wf.metadata.name },
      stepSeconds: this.stepSecondsOf(wf),
      pods: [],
    };
    this.running.set(this.key(wf), exec);
    const wfName = wf.metadata.name;
    const scope: Scope = {
      workflow: {
        'workflow.name': wfName,
        'workflow.namespace': wf.metadata.namespace!,
        'workflow.uid': wf.metadata.uid ?? '',
        'workflow.serviceAccountName': spec.serviceAccountName ?? 'default',
        'workflow.creationTimestamp': wf.metadata.creationTimestamp ?? '',
      },
      values: {},
    };
    try {
      let entrypoint: string | undefined = spec.entrypoint;
      let params: Json[] = [];
      for (const t of spec.templates ?? []) exec.templates.set(t.name, t);
      if (spec.workflowTemplateRef?.name) {
        const ref = spec.workflowTemplateRef;
        const tmpl = ref.clusterScope
          ? this.store.tryGet(this.cwtType, undefined, ref.name)
          : this.store.tryGet(this.wtType, wf.metadata.namespace, ref.name);
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
      for (const p of spec.arguments?.parameters ?? []) {
        params = params.filter(x => x.name !== p.name).concat(p);
      }
      for (const p of params)
        scope.workflow[`workflow.parameters.${p.name}`] = String(
          p.value ?? p.default ?? '',
        );
      (exec.status as any).storedWorkflowTemplateSpec = undefined;
      if (!entrypoint || !exec.templates.has(entrypoint)) {
        throw new Error(
          `spec.entrypoint: template "${entrypoint ?? ''}" not found`,
        );
      }
      this.flush(exec);
      const result = await this.runTemplate(
        exec,
        exec.templates.get(entrypoint)!,
        {
          nodeName: wfName,
          displayName: wfName,
          boundaryID: undefined,
          scope,
          templateScope: exec.templateSource,
          arguments: [],
        },
      );
      exec.status.phase = result.phase === 'Succeeded' ? 'Succeeded' : 'Failed';
      if (result.phase !== 'Succeeded')
        exec.status.message = result.message ?? 'child failed';
    } catch (e) {
      if (e instanceof Aborted) return;
      exec.status.phase = 'Error';
      exec.status.message = (e as Error).message;
    }
    exec.status.finishedAt = isoNow();
    this.flush(exec);
    this.running.delete(this.key(wf));
  }

  /** Writes the workflow status (Argo's CRD has no status subresource). */
  private flush(exec: Execution) {
    if (exec.abort.signal.aborted) throw new Aborted();
    const pods = Object.values(exec.status.nodes).filter(
      (n: any) => n.type === 'Pod',
    );
    exec.status.progress = `${
      pods.filter((n: any) => n.phase === 'Succeeded').length
    }/${pods.length}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.store.tryGet(
        this.wfType,
        exec.wf.metadata.namespace,
        exec.wf.metadata.name,
      );
      if (!current || current.metadata.deletionTimestamp) {
        exec.abort.abort();
        throw new Aborted();
      }
      try {
        const status = JSON.parse(JSON.stringify(exec.status));
        const finished = ['Succeeded', 'Failed', 'Error'].includes(
          status.phase,
        );
        const labels: Record<string, string> = {
          ...(current.metadata.labels ?? {}),
          'workflows.argoproj.io/phase': status.phase,
          'workflows.argoproj.io/completed': String(finished),
        };
        this.store.update(this.wfType, {
          ...current,
          metadata: { ...current.metadata, labels },
          status,
        });
        return;
      } catch (e) {
        if ((e as any)?.code !== 409) throw e;
      }
    }
  }

  private sleep(exec: Execution, ms: number) {
    return new Promise<void>((resolve, reject) => {
      if (exec.abort.signal.aborted) {
        reject(new Aborted());
        return;
      }
      let timer: NodeJS.Timeout | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Aborted());
      };
      timer = setTimeout(() => {
        exec.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      exec.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private setNode(exec: Execution, node: Json) {
    exec.status.nodes[node.id] = node;
    if (node.boundaryID === undefined) delete node.boundaryID;
  }

  private addChild(
    exec: Execution,
    parentId: string | undefined,
    childId: string,
  ) {
    if (!parentId) return;
    const parent = exec.status.nodes[parentId];
    if (parent)
      parent.children = [...new Set([...(parent.children ?? []), childId])];
  }

  /** Resolves a step's template: local name, or templateRef into a (Cluster)WorkflowTemplate. */
  private resolveTemplate(
    exec: Execution,
    step: Json,
    templateScope: Execution['templateSource'],
  ) {
    if (step.templateRef) {
      const ref = step.templateRef;
      const owner = ref.clusterScope
        ? this.store.tryGet(this.cwtType, undefined, ref.name)
        : this.store.tryGet(this.wtType, exec.wf.metadata.namespace, ref.name);
      if (!owner) {
        throw new Error(
          `${
            ref.clusterScope ? 'clusterworkflowtemplates' : 'workflowtemplates'
          }.argoproj.io "${ref.name}" not found`,
        );
      }
      const tmpl = ((owner as any).spec?.templates ?? []).find(
        (t: Json) => t.name === ref.template,
      );
      if (!tmpl)
        throw new Error(`template ${ref.template} not found in ${ref.name}`);
      return {
        template: tmpl,
        templateScope: {
          kind: ref.clusterScope ? 'cluster' : 'namespaced',
          name: ref.name,
        } as const,
      };
    }
    const local =
      templateScope.kind === 'local'
        ? exec.templates.get(step.template)
        : this.templatesOf(exec, templateScope).get(step.template) ??
          exec.templates.get(step.template);
    if (!local) throw new Error(`templates.${step.template} not found`);
    return { template: local, templateScope };
  }

  private templatesOf(
    exec: Execution,
    s: Execution['templateSource'],
  ): Map<string, Json> {
    const owner =
      s.kind === 'cluster'
        ? this.store.tryGet(this.cwtType, undefined, s.name)
        : this.store.tryGet(this.wtType, exec.wf.metadata.namespace, s.name);
    return new Map(
      ((owner as any)?.spec?.templates ?? []).map((t: Json) => [t.name, t]),
    );
  }

  private async runTemplate(
    exec: Execution,
    template: Json,
    call: {
      nodeName: string;
      displayName: string;
      boundaryID?: string;
      parentId?: string;
      scope: Scope;
      templateScope: Execution['templateSource'];
      arguments: Json[];
      templateRef?: Json;
    },
  ): Promise<{
    phase: Phase;
    message?: string;
    outputs: Record<string, string>;
    id: string;
  }> {
    const id = nodeId(exec.wf.metadata.name, call.nodeName);
    // Inputs: the template's declared parameters, overridden by the caller's arguments.
    const inputs: Record<string, string> = {};
    for (const p of template.inputs?.parameters ?? []) {
      if (p.value !== undefined || p.default !== undefined)
        inputs[p.name] = substitute(String(p.value ?? p.default), call.scope);
    }
    for (const a of call.arguments)
      inputs[a.name] = substitute(String(a.value ?? ''), call.scope);
    const scope: Scope = {
      workflow: call.scope.workflow,
      values: Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [`inputs.parameters.${k}`, v]),
      ),
    };
    const type = templateType(template);
    const node: Json = {
      id,
      name: call.nodeName,
      displayName: call.displayName,
      type,
      templateName: template.name,
      ...(call.templateRef ? { templateRef: call.templateRef } : {}),
      templateScope:
        call.templateScope.kind === 'local'
          ? `local/${exec.wf.metadata.name}`
          : `${call.templateScope.kind}/${call.templateScope.name}`,
      phase: 'Running',
      boundaryID: call.boundaryID,
      startedAt: isoNow(),
      finishedAt: null,
      ...(Object.keys(inputs).length
        ? {
            inputs: {
              parameters: Object.entries(inputs).map(([name, value]) => ({
                name,
                value,
              })),
            },
          }
        : {}),
    };
    this.setNode(exec, node);
    this.addChild(exec, call.parentId, id);
    let result: {
      phase: Phase;
      message?: string;
      outputs: Record<string, string>;
    };
    if (type === 'Steps')
      result = await this.runSteps(
        exec,
        template,
        node,
        scope,
        call.templateScope,
      );
    else if (type === 'DAG')
      result = await this.runDag(
        exec,
        template,
        node,
        scope,
        call.templateScope,
      );
    else if (type === 'Suspend') {
      this.flush(exec);
      await this.sleep(exec, 10);
      result = { phase: 'Succeeded', outputs: {} };
    } else result = await this.runPod(exec, template, node, scope, inputs);
    node.phase = result.phase;
    node.finishedAt = isoNow();
    if (result.message) node.message = result.message;
    if (Object.keys(result.outputs).length && type !== 'Pod') {
      node.outputs = {
        parameters: Object.entries(result.outputs).map(([name, value]) => ({
          name,
          value,
        })),
      };
    }
    this.flush(exec);
    return { ...result, id };
  }

  private async runSteps(
    exec: Execution,
    template: Json,
    node: Json,
    scope: Scope,
    templateScope: Execution['templateSource'],
  ) {
    const groups: Json[][] = (template.steps as Json[][]).map(g =>
      Array.isArray(g) ? g : [g],
    );
    let previous: string[] = [node.id];
    let phase: Phase = 'Succeeded';
    let message: string | undefined;
    for (let i = 0; i < groups.length && phase === 'Succeeded'; i++) {
      const groupName = `${node.name}[${i}]`;
      const groupId = nodeId(exec.wf.metadata.name, groupName);
      const group: Json = {
        id: groupId,
        name: groupName,
        displayName: `[${i}]`,
        type: 'StepGroup',
        templateName: template.name,
        templateScope: node.templateScope,
        phase: 'Running',
        boundaryID: node.id,
        startedAt: isoNow(),
        finishedAt: null,
      };
      this.setNode(exec, group);
      for (const p of previous) this.addChild(exec, p, groupId);
      this.flush(exec);
      const calls = groups[i].flatMap(step => this.expandItems(step));
      const results = await Promise.all(
        calls.map(async ({ step, name, item }) => {
          const stepScope: Scope = {
            workflow: scope.workflow,
            values: { ...scope.values, ...item },
          };
          const stepNodeName = `${groupName}.${name}`;
          if (step.when && !evaluateWhen(substitute(step.when, stepScope))) {
            return this.skip(
              exec,
              stepNodeName,
              name,
              groupId,
              node.id,
              `when '${substitute(step.when, stepScope)}' evaluated false`,
            );
          }
          const { template: t, templateScope: ts } = this.resolveTemplate(
            exec,
            step,
            templateScope,
          );
          const r = await this.runTemplate(exec, t, {
            nodeName: stepNodeName,
            displayName: name,
            boundaryID: node.id,
            parentId: groupId,
            scope: stepScope,
            templateScope: ts,
            arguments: step.arguments?.parameters ?? [],
            templateRef: step.templateRef,
          });
          for (const [k, v] of Object.entries(r.outputs))
            scope.values[`steps.${step.name}.outputs.parameters.${k}`] = v;
          return { ...r, name };
        }),
      );
      const failed = results.find(
        r => r.phase === 'Failed' || r.phase === 'Error',
      );
      group.phase = failed ? 'Failed' : 'Succeeded';
      group.finishedAt = isoNow();
      if (failed) {
        phase = 'Failed';
        message = `child '${failed.id}' failed`;
        group.message = message;
      }
      previous = results.map(r => r.id);
      this.flush(exec);
    }
    node.outboundNodes = previous;
    return { phase, message, outputs: this.templateOutputs(template, scope) };
  }

  private expandItems(
    step: Json,
  ): Array<{ step: Json; name: string; item: Record<string, string> }> {
    if (!Array.isArray(step.withItems))
      return [{ step, name: step.name, item: {} }];
    return step.withItems.map((item: unknown, i: number) => {
      const text =
        typeof item === 'object' ? JSON.stringify(item) : String(item);
      const values: Record<string, string> = { item: text };
      if (item && typeof item === 'object') {
        for (const [k, v] of Object.entries(item))
          values[`item.${k}`] = String(v);
      }
      return { step, name: `${step.name}(${i}:${text})`, item: values };
    });
  }

  private skip(
    exec: Execution,
    nodeName: string,
    displayName: string,
    parentId: string,
    boundaryID: string,
    message: string,
  ) {
    const id = nodeId(exec.wf.metadata.name, nodeName);
    this.setNode(exec, {
      id,
      name: nodeName,
      displayName,
      type: 'Skipped',
      phase: 'Skipped',
      boundaryID,
      message,
      startedAt: isoNow(),
      finishedAt: isoNow(),
    });
    this.addChild(exec, parentId, id);
    return Promise.resolve({
      phase: 'Skipped' as Phase,
      outputs: {},
      id,
      name: displayName,
    });
  }

  private async runDag(
    exec: Execution,
    template: Json,
    node: Json,
    scope: Scope,
    templateScope: Execution['templateSource'],
  ) {
    const tasks: Json[] = template.dag.tasks ?? [];
    const depsOf = (t: Json): string[] =>
      t.dependencies ??
      (t.depends
        ? String(t.depends)
            .match(/[A-Za-z0-9_-]+(?=\s*(\.|&&|\|\||\)|$))/g)
            ?.filter((n: string) => tasks.some(x => x.name === n)) ?? []
        : []);
    const done = new Map<string, { phase: Phase; id: string }>();
    const started = new Set<string>();
    const state: { failure?: string } = {};
    await new Promise<void>((resolve, reject) => {
      const schedule = () => {
        if (exec.abort.signal.aborted) {
          reject(new Aborted());
          return;
        }
        const ready = tasks.filter(
          t =>
            !started.has(t.name) &&
            depsOf(t).every(
              d =>
                done.get(d)?.phase === 'Succeeded' ||
                done.get(d)?.phase === 'Skipped',
            ),
        );
        if (!state.failure) {
          for (const t of ready) {
            started.add(t.name);
            const taskScope: Scope = {
              workflow: scope.workflow,
              values: scope.values,
            };
            const nodeName = `${node.name}.${t.name}`;
            const run = async () => {
              if (t.when && !evaluateWhen(substitute(t.when, taskScope))) {
                return this.skip(
                  exec,
                  nodeName,
                  t.name,
                  node.id,
                  node.id,
                  `when '${substitute(t.when, taskScope)}' evaluated false`,
                );
              }
              const { template: tt, templateScope: ts } = this.resolveTemplate(
                exec,
                t,
                templateScope,
              );
              const deps = depsOf(t);
              const r = await this.runTemplate(exec, tt, {
                nodeName,
                displayName: t.name,
                boundaryID: node.id,
                parentId: deps.length ? undefined : node.id,
                scope: taskScope,
                templateScope: ts,
                arguments: t.arguments?.parameters ?? [],
                templateRef: t.templateRef,
              });
              for (const d of deps) this.addChild(exec, done.get(d)?.id, r.id);
              return r;
            };
            run()
              .then(r => {
                done.set(t.name, { phase: r.phase, id: r.id });
                for (const [k, v] of Object.entries(r.outputs))
                  scope.values[`tasks.${t.name}.outputs.parameters.${k}`] = v;
                if (r.phase === 'Failed' || r.phase === 'Error')
                  state.failure = state.failure ?? `child '${r.id}' failed`;
                schedule();
              })
              .catch(reject);
          }
        }
        const runningCount = [...started].filter(n => !done.has(n)).length;
        if (runningCount === 0) resolve();
      };
      schedule();
    });
    const ids = [...done.values()].map(d => d.id);
    node.outboundNodes = ids.filter(
      id => !(exec.status.nodes[id]?.children ?? []).length,
    );
    return {
      phase: (state.failure ? 'Failed' : 'Succeeded') as Phase,
      message: state.failure,
      outputs: this.templateOutputs(template, scope),
    };
  }

  private templateOutputs(
    template: Json,
    scope: Scope,
  ): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of template.outputs?.parameters ?? []) {
      const from = p.valueFrom?.parameter;
      if (from) out[p.name] = substitute(String(from), scope);
      else if (p.value !== undefined)
        out[p.name] = substitute(String(p.value), scope);
    }
    return out;
  }

  private failureFor(
    exec: Execution,
    template: Json,
    node: Json,
  ): string | undefined {
    const wfAnn = exec.wf.metadata.annotations ?? {};
    const tplAnn = template.metadata?.annotations ?? {};
    if (tplAnn[ANNOTATION_FAIL_MESSAGE]) return tplAnn[ANNOTATION_FAIL_MESSAGE];
    const target = wfAnn[ANNOTATION_FAIL_STEP];
    if (
      target &&
      (target === node.displayName ||
        target === template.name ||
        node.name.endsWith(`.${target}`))
    ) {
      return (
        wfAnn[ANNOTATION_FAIL_MESSAGE] ??
        `step "${node.displayName}" failed (injected by ${ANNOTATION_FAIL_STEP})`
      );
    }
    return undefined;
  }

  private event(
    pod: KubeObject,
    type: string,
    reason: string,
    message: string,
  ) {
    try {
      this.store.create(this.eventType, podEvent(pod, type, reason, message));
    } catch {
      // events are best effort
    }
  }

  private async runPod(
    exec: Execution,
    template: Json,
    node: Json,
    scope: Scope,
    inputs: Record<string, string>,
  ) {
    const wf = exec.wf;
    const ns = wf.metadata.namespace!;
    const container = deepSubstitute(
      template.container ?? template.script ?? {},
      scope,
    );
    const hash = node.id.slice(wf.metadata.name.length + 1);
    const podName = `${wf.metadata.name}-${template.name}-${hash}`
      .slice(0, 253)
      .replace(/-+$/, '');
    const workflowParameters = Object.fromEntries(
      Object.entries(scope.workflow)
        .filter(([k]) => k.startsWith('workflow.parameters.'))
        .map(([k, v]) => [k.slice('workflow.parameters.'.length), v]),
    );
    const description: StepDescription = {
      displayName: node.displayName,
      templateName: template.name,
      image: container.image,
      command: container.command,
      inputs,
      workflowParameters,
      workflowName: wf.metadata.name,
    };
    const stepSecondsOverride = Number(
      template.metadata?.annotations?.[ANNOTATION_STEP_SECONDS],
    );
    const seconds =
      Number.isFinite(stepSecondsOverride) &&
      template.metadata?.annotations?.[ANNOTATION_STEP_SECONDS] !== undefined
        ? stepSecondsOverride
        : exec.stepSeconds;
    const podSpec = podManifest({ wf, template, node, container, podName });
    if (exec.abort.signal.aborted) throw new Aborted();
    const pod = this.store.create(this.podType, podSpec);
    exec.pods.push(podName);
    node.type = 'Pod';
    node.hostNodeName = 'local-node';
    node.progress = '0/1';
    this.flush(exec);
    this.event(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${podName} to local-node`,
    );
    this.setPodStatus(ns, podName, 'Running', {
      running: { startedAt: isoNow() },
    });
    this.event(pod, 'Normal', 'Started', 'Started container main');
    this.logs.append(
      ns,
      podName,
      'init',
      'time="init" level=info msg="Starting Workflow Executor"',
    );
    this.logs.close(ns, podName, 'init');

    const failure = this.failureFor(exec, template, node);
    const lines = stepLogLines(description);
    if (failure) lines.push(`error: ${failure}`);
    else lines.push(`step ${node.displayName} finished`);
    const pause = (seconds * 1000) / Math.max(1, lines.length);
    for (const line of lines) {
      this.logs.append(ns, podName, 'main', line);
      await this.sleep(exec, pause);
    }
    const outputs: Record<string, string> = {};
    if (!failure) {
      for (const p of template.outputs?.parameters ?? []) {
        const value = outputValue(p, scope, () =>
          plausibleOutput(description, p.name),
        );
        outputs[p.name] = value;
        this.logs.append(ns, podName, 'main', `output ${p.name}=${value}`);
      }
    }
    const exitCode = failure ? 1 : 0;
    this.logs.append(
      ns,
      podName,
      'wait',
      `time="${isoNow()}" level=info msg="Main container completed" exitCode=${exitCode}`,
    );
    for (const c of ['main', 'wait']) this.logs.close(ns, podName, c);
    this.setPodStatus(ns, podName, failure ? 'Failed' : 'Succeeded', {
      terminated: {
        exitCode,
        reason: failure ? 'Error' : 'Completed',
        startedAt: node.startedAt,
        finishedAt: isoNow(),
      },
    });
    node.progress = failure ? '0/1' : '1/1';
    node.outputs = {
      ...(Object.keys(outputs).length
        ? {
            parameters: Object.entries(outputs).map(([name, value]) => ({
              name,
              value,
            })),
          }
        : {}),
      exitCode: String(exitCode),
    };
    node.resourcesDuration = {
      cpu: Math.max(1, Math.round(seconds)),
      memory: Math.max(1, Math.round(seconds)),
    };
    return failure
      ? {
          phase: 'Failed' as Phase,
          message: `Error (exit code 1): ${failure}`,
          outputs,
        }
      : { phase: 'Succeeded' as Phase, outputs };
  }

  private setPodStatus(ns: string, name: string, phase: string, state: Json) {
    const pod = this.store.tryGet(this.podType, ns, name);
    if (!pod) throw new Aborted();
    const terminated = !!state.terminated;
    const status = podStatus(pod, phase, state);
    this.store.update(
      this.podType,
      { ...pod, status },
      { subresource: 'status' },
    );
    if (terminated) {
      const latest = this.store.tryGet(this.podType, ns, name);
      if (latest) {
        latest.metadata.labels = {
          ...(latest.metadata.labels ?? {}),
          'workflows.argoproj.io/completed': 'true',
        };
        this.store.update(this.podType, latest);
      }
    }
  }
}
