import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rootRouteRef } from './routes';

const workflowsPage = PageBlueprint.make({
  params: {
    path: '/openchoreo-workflows',
    title: 'Workflows',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/WorkflowsPage').then(m => <m.WorkflowsPage />),
  },
});

/** The plugin for Backstage's new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'openchoreo-workflows',
  extensions: [workflowsPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
