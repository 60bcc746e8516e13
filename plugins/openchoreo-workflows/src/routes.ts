import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The plugin's root, the workflow list: `/openchoreo-workflows` by convention.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'openchoreo-workflows' });

/** Mount point of the entity tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'openchoreo-workflows/entity-content',
});

/**
 * One workflow: `<root>/workflows/:namespace/:name` (`_cluster` for a ClusterWorkflow).
 *
 * @public
 */
export const workflowRouteRef = createSubRouteRef({
  id: 'openchoreo-workflows/workflow',
  parent: rootRouteRef,
  path: '/workflows/:namespace/:name',
});

/**
 * The run history: `<root>/runs`.
 *
 * @public
 */
export const runsRouteRef = createSubRouteRef({
  id: 'openchoreo-workflows/runs',
  parent: rootRouteRef,
  path: '/runs',
});

/**
 * One run: `<root>/runs/:namespace/:name`.
 *
 * @public
 */
export const runRouteRef = createSubRouteRef({
  id: 'openchoreo-workflows/run',
  parent: rootRouteRef,
  path: '/runs/:namespace/:name',
});

/**
 * Two runs side by side: `<root>/compare?a=<ns>/<name>&b=<ns>/<name>` (and
 * `cluster`, or `clusterA`/`clusterB`).
 *
 * @public
 */
export const compareRouteRef = createSubRouteRef({
  id: 'openchoreo-workflows/compare',
  parent: rootRouteRef,
  path: '/compare',
});
