/**
 * Node.js library of the OpenChoreo Workflows plugins: what the backend
 * plugin, its modules and the catalog module share, and the evaluation of
 * workflows in worker threads with a deadline (also used by the CLI and the
 * local control plane), so that no workflow can stall the process that asks.
 *
 * @packageDocumentation
 */
export * from './evaluation';
export { WatchCache } from './cache/WatchCache';
export { WorkflowCaches } from './cache/WorkflowCaches';
export type { WorkflowCachesOptions } from './cache/WorkflowCaches';
export type {
  CachedObject,
  CacheEventType,
  ConnectionState,
  CacheListener,
  WatchCacheOptions,
} from './cache/WatchCache';
export {
  ANNOTATION_WORKFLOW_CLUSTER,
  ANNOTATION_WORKFLOW_REF,
  DEFAULT_WORKFLOW_OWNER,
  normalizeOwnerRef,
  OWNER_ANNOTATIONS,
  readDefaultWorkflowOwner,
  WORKFLOW_ENTITY_TYPE,
  workflowAnnotationValue,
  workflowEntityLocation,
  workflowEntityLocationKey,
  workflowEntityRef,
  workflowOwnerOf,
} from './catalog/workflowEntity';
export { readClusterConfigs } from './cluster/config';
export type {
  AuthProvider,
  ClusterConfig,
  ConnectionConfig,
} from './cluster/config';
export type { ObserverAuth, ObserverConfig } from './cluster/observerConfig';
export {
  hasClusterWorkflows,
  OPENCHOREO_GROUP,
  OPENCHOREO_VERSION,
} from './cluster/discovery';
export { KubeApiError, KubeClient } from './cluster/KubeClient';
export type { KubeClientOptions } from './cluster/KubeClient';
export {
  networkReason,
  newErrorId,
  scrubKubeMessage,
} from './cluster/kubeErrors';
export { buildKubeConfig } from './cluster/kubeConfig';
export { openchoreoWorkflowsClustersExtensionPoint } from './extensions';
export type { OpenChoreoWorkflowsClustersExtensionPoint } from './extensions';

export type { WorkflowLike } from './catalog/workflowEntity';
