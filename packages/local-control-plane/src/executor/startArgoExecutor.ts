import { KubeConfig } from '@kubernetes/client-node';
import { KubeObject } from '../server/types';
import { ArgoExecutor } from './argoExecutor';
import { httpExecutorKube } from './httpKube';
import { observerLogSink, StepLogSink } from './logSinks';

/**
 * Options of {@link startArgoExecutor}.
 *
 * @public
 */
export interface ArgoExecutorOverHttpOptions {
  /** The cluster (kubeconfig YAML): a real kube-apiserver, or any control plane. */
  kubeconfig: string;
  /**
   * The stub cluster gateway of `@openchoreo-workflows/openchoreo-stack`: the
   * steps' `main` lines go to its test observer (there is no kubelet to serve
   * `pods/log`). Without it the lines are dropped.
   */
  observerUrl?: string;
  /** Seconds each step runs unless an annotation says otherwise (default 2). */
  stepSeconds?: number;
  /** Called with the workflow after each status write. */
  onStatusWritten?: (workflow: KubeObject) => void;
  /** Problems outside a workflow (a watch retrying, a failed pod deletion, an observer feed error); default: stderr. */
  onError?: (message: string) => void;
}

/**
 * A running executor.
 *
 * @public
 */
export interface RunningArgoExecutor {
  executor: ArgoExecutor;
  /** Stops walking workflows, then delivers the lines not yet sent. */
  stop(): Promise<void>;
}

const NO_LOGS: StepLogSink = {
  write: () => {},
  end: () => {},
  podGone: () => {},
  flush: async () => {},
};

/**
 * The local control plane's Argo executor against a cluster reached over
 * HTTP(S), e.g. the real kube-apiserver of the OpenChoreo stack, where
 * OpenChoreo's own controller creates the Argo Workflows it then runs.
 * Resolves once the workflows that already exist were seen.
 *
 * @public
 */
export async function startArgoExecutor(
  options: ArgoExecutorOverHttpOptions,
): Promise<RunningArgoExecutor> {
  const onError =
    options.onError ??
    ((message: string) => process.stderr.write(`argo-executor: ${message}\n`));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(options.kubeconfig);
  const logs = options.observerUrl
    ? observerLogSink(options.observerUrl, onError)
    : NO_LOGS;
  const executor = new ArgoExecutor({
    kube: httpExecutorKube(kubeConfig, { onWarning: onError }),
    logs,
    stepSeconds: options.stepSeconds ?? 2,
    onStatusWritten: options.onStatusWritten,
    onError,
  });
  await executor.start();
  return {
    executor,
    stop: async () => {
      executor.stop();
      await logs.flush();
    },
  };
}
