/**
 * Node.js library of the OpenChoreo Workflows plugins: what the backend
 * plugin, its modules and the catalog module share.
 *
 * @packageDocumentation
 */
export { readClusterConfigs } from './cluster/config';
export type {
  AuthProvider,
  ClusterConfig,
  ConnectionConfig,
} from './cluster/config';
export { KubeApiError, KubeClient } from './cluster/KubeClient';
export { buildKubeConfig } from './cluster/kubeConfig';
