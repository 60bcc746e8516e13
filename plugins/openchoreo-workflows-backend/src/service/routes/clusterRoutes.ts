import { ClusterListResponse } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import Router from 'express-promise-router';
import { ClusterRegistry } from '../ClusterRegistry';

/**
 * `GET /health` for probes (no token needed, no error detail) and
 * `GET /clusters`: whether the backend reaches each configured cluster's API
 * server and since when, for the portal's banner. It needs a signed-in user
 * or a service (the plugin's default policy), like every route but `/health`.
 */
export function clusterRoutes(clusters: ClusterRegistry) {
  const router = Router();
  // Unauthenticated (probes): which cluster is unreachable and since when,
  // but no error detail; signed-in callers get that from GET /clusters.
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      ready: clusters.isReady(),
      clusters: clusters.status().map(({ lastError: _e, ...status }) => status),
    });
  });
  router.get('/clusters', (_req, res) => {
    const body: ClusterListResponse = { items: clusters.status() };
    res.json(body);
  });
  return router;
}
