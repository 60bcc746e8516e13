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
export { startTestLocalControlPlane } from './localControlPlane';
export type { TestLocalControlPlane } from './localControlPlane';
export { runWatchFaults } from './watchFaults';
export { expensiveExpression, workflowWith } from './workflows';
export { argoRunTemplate } from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';
export type {
  FaultKind,
  WatchFaultsOptions,
  WatchFaultsResult,
} from './watchFaults';

export type { KubeClient } from '../cluster/KubeClient';

export type { KubeClientOptions } from '../cluster/KubeClient';
