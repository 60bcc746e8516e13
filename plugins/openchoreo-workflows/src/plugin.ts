import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/** The OpenChoreo Workflows frontend plugin (legacy frontend system). @public */
export const openchoreoWorkflowsPlugin = createPlugin({
  id: 'openchoreo-workflows',
  routes: { root: rootRouteRef },
});

/** The Workflows page: catalogue, workflow pages, run history and run pages. @public */
export const OpenChoreoWorkflowsPage = openchoreoWorkflowsPlugin.provide(
  createRoutableExtension({
    name: 'OpenChoreoWorkflowsPage',
    component: () =>
      import('./components/WorkflowsPage').then(m => m.WorkflowsPage),
    mountPoint: rootRouteRef,
  }),
);
