import {
  ArgoExecutorOverHttpOptions,
  startArgoExecutor,
} from '@openchoreo-workflows/local-control-plane';
import { OpenChoreoStackOptions } from './startOpenChoreoStack';

/** Options of {@link argoExecutor}. */
export type StackExecutorOptions = Omit<
  ArgoExecutorOverHttpOptions,
  'kubeconfig' | 'observerUrl'
>;

/**
 * The `executor` hook that runs the local control plane's Argo executor
 * against the stack's kube-apiserver: it walks the Argo Workflows OpenChoreo's
 * controller creates (pods as objects, node statuses, failures and slowness by
 * annotation) and gives each step's lines to the stub gateway's test observer
 * (there is no kubelet to serve `pods/log`).
 */
export function argoExecutor(
  options: StackExecutorOptions = {},
): NonNullable<OpenChoreoStackOptions['executor']> {
  return info =>
    startArgoExecutor({
      ...options,
      kubeconfig: info.kubeconfig,
      observerUrl: info.gatewayUrl,
    });
}
