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
