/**
 * Node.js library of the OpenChoreo Workflows plugins: what the backend
 * plugin, its modules and the catalog module share.
 *
 * @packageDocumentation
 */
export { WatchCache } from './cache/WatchCache';
export type {
  CachedObject,
  CacheEventType,
  CacheListener,
  WatchCacheOptions,
} from './cache/WatchCache';
export { readClusterConfigs } from './cluster/config';
export type {
  AuthProvider,
  ClusterConfig,
  ConnectionConfig,
} from './cluster/config';
export {
  hasClusterWorkflows,
  OPENCHOREO_GROUP,
  OPENCHOREO_VERSION,
} from './cluster/discovery';
export { KubeApiError, KubeClient } from './cluster/KubeClient';
export { buildKubeConfig } from './cluster/kubeConfig';
