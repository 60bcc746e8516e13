import { KubeObject } from '../server/types';
import {
  ANNOTATION_FAIL_MESSAGE,
  ANNOTATION_FAIL_STEP,
  ANNOTATION_STEP_SECONDS,
} from '../controller/annotations';
import {
  Aborted,
  deepSubstitute,
  isoNow,
  Json,
  outputValue,
  Phase,
  Scope,
} from './argoTemplates';
import { Execution } from './execution';
import { EVENTS, ExecutorKube, PODS } from './kube';
import { plausibleOutput, StepDescription, stepLogLines } from './logLines';
import { StepLogSink, StepLogSource } from './logSinks';
import { podEvent, podManifest, podStatus } from './simulatedPods';
import type { TemplateResult } from './templateRunner';

const LABEL_RUN = 'openchoreo.dev/workflowrun';
const LABEL_RUN_NAMESPACE = 'openchoreo.dev/workflowrun-namespace';
export const SIMULATED_NODE = 'local-node';

/** Why a step fails, when an annotation says it must. */
export function injectedFailure(
  wf: KubeObject,
  template: Json,
  node: Json,
): string | undefined {
  const wfAnn = wf.metadata.annotations ?? {};
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

/** Seconds a step runs: its template's annotation, else the workflow's. */
function stepSecondsOf(exec: Execution, template: Json): number {
  const raw = template.metadata?.annotations?.[ANNOTATION_STEP_SECONDS];
  const v = Number(raw);
  return raw !== undefined && Number.isFinite(v) ? v : exec.stepSeconds;
}

/** One simulated pod in progress: the object as last written, and where its lines go. */
interface RunningPod {
  pod: KubeObject;
  source: (container: string) => StepLogSource;
}

/**
 * Runs a leaf template as a pod, as the kubelet and Argo's executor would:
 * the Pod object with Argo's labels and annotations, its Scheduled/Started
 * events, the container states, log lines written over the step's time,
 * outputs, and a failure when an annotation asks for one.
 */
export class PodSimulator {
  constructor(
    private readonly kube: ExecutorKube,
    private readonly logs: StepLogSink,
  ) {}

  run = async (
    exec: Execution,
    template: Json,
    node: Json,
    scope: Scope,
    inputs: Record<string, string>,
  ): Promise<TemplateResult> => {
    const description = this.describe(exec, template, node, scope, inputs);
    const seconds = stepSecondsOf(exec, template);
    const running = await this.start(exec, template, node, scope);
    const failure = injectedFailure(exec.wf, template, node);
    const lines = stepLogLines(description);
    lines.push(
      failure ? `error: ${failure}` : `step ${node.displayName} finished`,
    );
    const pause = (seconds * 1000) / Math.max(1, lines.length);
    for (const line of lines) {
      this.logs.write(running.source('main'), line);
      await exec.sleep(pause);
    }
    const outputs: Record<string, string> = {};
    if (!failure) {
      for (const p of template.outputs?.parameters ?? []) {
        const value = outputValue(p, scope, () =>
          plausibleOutput(description, p.name),
        );
        outputs[p.name] = value;
        this.logs.write(running.source('main'), `output ${p.name}=${value}`);
      }
    }
    const exitCode = failure ? 1 : 0;
    this.logs.write(
      running.source('wait'),
      `time="${isoNow()}" level=info msg="Main container completed" exitCode=${exitCode}`,
    );
    for (const c of ['main', 'wait']) this.logs.end(running.source(c));
    // The step's lines are where readers look before its status says it ended.
    await this.logs.flush();
    running.pod = await this.finish(exec, running.pod, node, failure);
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
  };

  /** What the step works on, for its log lines and plausible outputs. */
  private describe(
    exec: Execution,
    template: Json,
    node: Json,
    scope: Scope,
    inputs: Record<string, string>,
  ): StepDescription {
    const container = deepSubstitute(
      template.container ?? template.script ?? {},
      scope,
    );
    return {
      displayName: node.displayName,
      templateName: template.name,
      image: container.image,
      command: container.command,
      inputs,
      workflowParameters: Object.fromEntries(
        Object.entries(scope.workflow)
          .filter(([k]) => k.startsWith('workflow.parameters.'))
          .map(([k, v]) => [k.slice('workflow.parameters.'.length), v]),
      ),
      workflowName: exec.name,
    };
  }

  /** Creates the pod, schedules and starts it (events, Running status, the init container's line). */
  private async start(
    exec: Execution,
    template: Json,
    node: Json,
    scope: Scope,
  ): Promise<RunningPod> {
    const ns = exec.namespace;
    const container = deepSubstitute(
      template.container ?? template.script ?? {},
      scope,
    );
    const hash = node.id.slice(exec.name.length + 1);
    const podName = `${exec.name}-${template.name}-${hash}`
      .slice(0, 253)
      .replace(/-+$/, '');
    exec.checkAborted();
    const created = await this.kube.create(
      PODS,
      podManifest({ wf: exec.wf, template, node, container, podName }),
    );
    if (exec.abort.signal.aborted) {
      // Deleted while the pod was being created: it goes with its workflow.
      await this.kube.delete(PODS, ns, podName);
      throw new Aborted();
    }
    node.type = 'Pod';
    node.hostNodeName = SIMULATED_NODE;
    node.progress = '0/1';
    await exec.flush();
    await this.event(
      created,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${podName} to ${SIMULATED_NODE}`,
    );
    const pod = await this.writeStatus(created, 'Running', {
      running: { startedAt: isoNow() },
    });
    await this.event(pod, 'Normal', 'Started', 'Started container main');
    const labels = exec.wf.metadata.labels ?? {};
    const run =
      labels[LABEL_RUN] && labels[LABEL_RUN_NAMESPACE]
        ? { name: labels[LABEL_RUN], namespace: labels[LABEL_RUN_NAMESPACE] }
        : undefined;
    const source = (c: string): StepLogSource => ({
      namespace: ns,
      pod: podName,
      container: c,
      task: node.displayName,
      run,
    });
    this.logs.write(
      source('init'),
      'time="init" level=info msg="Starting Workflow Executor"',
    );
    this.logs.end(source('init'));
    return { pod, source };
  }

  /** The main container terminated: its state, the pod's phase, then Argo's completed label. */
  private async finish(
    exec: Execution,
    pod: KubeObject,
    node: Json,
    failure: string | undefined,
  ): Promise<KubeObject> {
    exec.checkAborted();
    const terminated = await this.writeStatus(
      pod,
      failure ? 'Failed' : 'Succeeded',
      {
        terminated: {
          exitCode: failure ? 1 : 0,
          reason: failure ? 'Error' : 'Completed',
          startedAt: node.startedAt,
          finishedAt: isoNow(),
        },
      },
    );
    const labelled = await this.kube.replace(PODS, {
      ...terminated,
      metadata: {
        ...terminated.metadata,
        labels: {
          ...(terminated.metadata.labels ?? {}),
          'workflows.argoproj.io/completed': 'true',
        },
      },
    });
    if (!labelled) throw new Aborted();
    return labelled;
  }

  private async writeStatus(
    pod: KubeObject,
    phase: string,
    state: Json,
  ): Promise<KubeObject> {
    const written = await this.kube.replace(
      PODS,
      { ...pod, status: podStatus(pod, phase, state) },
      'status',
    );
    if (!written) throw new Aborted(); // the pod went with its workflow
    return written;
  }

  /** Events are best effort, as the kubelet's are. */
  private async event(
    pod: KubeObject,
    type: string,
    reason: string,
    message: string,
  ) {
    await this.kube
      .create(EVENTS, podEvent(pod, type, reason, message))
      .catch(() => undefined);
  }
}
