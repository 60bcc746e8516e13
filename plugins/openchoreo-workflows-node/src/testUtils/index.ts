/**
 * Test utilities of the OpenChoreo Workflows plugins: the real Kubernetes API
 * server with OpenChoreo's CRDs, the local control plane with the demo
 * workflows, a small client for arranging objects, and waiting for a condition. Import from
 * `@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils`, never
 * from production code.
 *
 * @packageDocumentation
 */
export {
  eventually,
  kubeConfigOf,
  loadFixture,
  openChoreoCrds,
  run,
  sleep,
  startOpenChoreoApiServer,
  TestKube,
} from './kube';
export { waitForBackendReady } from './backendReady';
export {
  startTestLocalControlPlane,
  type TestLocalControlPlane,
} from './localControlPlane';
export {
  runWatchFaults,
  type FaultKind,
  type WatchFaultsOptions,
  type WatchFaultsResult,
} from './watchFaults';
export { expensiveExpression, workflowWith } from './workflows';
export { runDetailWith } from './runs';
export { argoRunTemplate } from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';

export type { KubeClient, KubeClientOptions } from '../cluster/KubeClient';
