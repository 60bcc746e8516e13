import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The catalogue page, `/openchoreo-workflows`. */
export const rootRouteRef = createRouteRef({ id: 'openchoreo-workflows' });

/** One workflow: `/openchoreo-workflows/workflows/:namespace/:name` (`_cluster` for a ClusterWorkflow). */
export const workflowRouteRef = createSubRouteRef({
  id: 'openchoreo-workflows/workflow',
  parent: rootRouteRef,
  path: '/workflows/:namespace/:name',
});

/** One run: `/openchoreo-workflows/runs/:namespace/:name`. */
export const runRouteRef = createSubRouteRef({
  id: 'openchoreo-workflows/run',
  parent: rootRouteRef,
  path: '/runs/:namespace/:name',
});
