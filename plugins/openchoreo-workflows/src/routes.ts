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

/** A page below the root: the route ref `openchoreo-workflows/<id>` at `<root><path>`. */
function pageRouteRef<Path extends string>(id: string, path: Path) {
  return createSubRouteRef({
    id: `openchoreo-workflows/${id}`,
    parent: rootRouteRef,
    path,
  });
}

/**
 * One workflow: `<root>/workflows/:namespace/:name` (`_cluster` for a ClusterWorkflow).
 *
 * @public
 */
export const workflowRouteRef = pageRouteRef(
  'workflow',
  '/workflows/:namespace/:name',
);

/**
 * The run history: `<root>/runs`.
 *
 * @public
 */
export const runsRouteRef = pageRouteRef('runs', '/runs');

/**
 * One run: `<root>/runs/:namespace/:name`.
 *
 * @public
 */
export const runRouteRef = pageRouteRef('run', '/runs/:namespace/:name');

/**
 * Two runs side by side: `<root>/compare?a=<ns>/<name>&b=<ns>/<name>` (and
 * `cluster`, or `clusterA`/`clusterB`).
 *
 * @public
 */
export const compareRouteRef = pageRouteRef('compare', '/compare');
