/**
 * An in-memory, Kubernetes-API-compatible control plane with a simulated OpenChoreo
 * WorkflowRun controller and Argo executor, for local development and tests.
 *
 * @packageDocumentation
 */
export { startLocalControlPlane, demoManifestsDir } from './localControlPlane';
export type {
  LocalControlPlane,
  LocalControlPlaneFaults,
  LocalControlPlaneOptions,
} from './localControlPlane';
export { main as runCli } from './cli';
export { ObjectStore } from './server/store';
export type {
  ListOptions,
  ListResult,
  WatchOptions,
  StoreOptions,
} from './server/store';
export { PodLogStore } from './server/podLogs';
export { ApiError } from './server/errors';
export type { KubeObject, ResourceType, StoreEvent } from './server/types';
export { buildKubeconfig } from './kubeconfig';
export { readManifests, applyManifests } from './manifests';
export { FINALIZER as WORKFLOWRUN_FINALIZER } from './controller/workflowRunController';
export {
  ANNOTATION_FAIL_STEP,
  ANNOTATION_FAIL_MESSAGE,
  ANNOTATION_STEP_SECONDS,
} from './controller/annotations';
export { GENERATION_ANNOTATION } from './server/kinds/admission';
export { ArgoExecutor } from './executor/argoExecutor';
export type { ArgoExecutorOptions } from './executor/argoExecutor';
export { startArgoExecutor } from './executor/startArgoExecutor';
export type {
  ArgoExecutorOverHttpOptions,
  RunningArgoExecutor,
} from './executor/startArgoExecutor';
export { httpExecutorKube } from './executor/httpKube';
export { storeExecutorKube } from './executor/storeKube';
export {
  ARGO_WORKFLOWS,
  CLUSTER_WORKFLOW_TEMPLATES,
  EVENTS,
  KubeConflict,
  PODS,
  WORKFLOW_TEMPLATES,
} from './executor/kube';
export type { ExecutorKube, ExecutorResource } from './executor/kube';
export {
  OBSERVER_FEED_PATH,
  observerLogSink,
  podLogSink,
} from './executor/logSinks';
export type { StepLogSink, StepLogSource } from './executor/logSinks';

export type { AdmissionContext } from './server/types';
export type { ExecutorWatchEvent } from './executor/kube';
export type { LogLine } from './server/podLogs';
export type { MessageSpec } from './server/protobuf/messages';
export type { ObjectMeta } from './server/types';
export type { PatchType } from './server/patch';
export type { ResourceRegistry } from './server/kinds/registry';
export type { StatusBody } from './server/errors';
export type { StatusCause } from './server/types';
export type { UpdateOptions } from './server/store/objectStore';
export type { WatchCallback } from './server/store/watch';
export type { WatchEventType } from './server/types';
export type { Watcher } from './server/store/watch';

export type { FieldSpec } from './server/protobuf/messages';
export type { Operation } from './server/types';

export type { ScalarType } from './server/protobuf/messages';
