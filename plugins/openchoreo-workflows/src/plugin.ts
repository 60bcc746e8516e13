import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { OpenChoreoWorkflowsClient, openchoreoWorkflowsApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The OpenChoreo Workflows frontend plugin (legacy frontend system). @public */
export const openchoreoWorkflowsPlugin = createPlugin({
  id: 'openchoreo-workflows',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: openchoreoWorkflowsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OpenChoreoWorkflowsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Workflows page: the workflow list, workflow pages, run history and run pages. @public */
export const OpenChoreoWorkflowsPage = openchoreoWorkflowsPlugin.provide(
  createRoutableExtension({
    name: 'OpenChoreoWorkflowsPage',
    component: () =>
      import('./components/WorkflowsPage').then(m => m.WorkflowsPage),
    mountPoint: rootRouteRef,
  }),
);

/** Entity tab with the runs of the entity's `openchoreo.dev/workflow`. @public */
export const EntityOpenChoreoWorkflowRunsContent =
  openchoreoWorkflowsPlugin.provide(
    createRoutableExtension({
      name: 'EntityOpenChoreoWorkflowRunsContent',
      component: () =>
        import('./components/EntityWorkflowRuns').then(
          m => m.EntityWorkflowRunsContent,
        ),
      mountPoint: entityContentRouteRef,
    }),
  );

/** Entity tab with the launch form of the entity's `openchoreo.dev/workflow`. @public */
export const EntityOpenChoreoWorkflowLaunchContent =
  openchoreoWorkflowsPlugin.provide(
    createRoutableExtension({
      name: 'EntityOpenChoreoWorkflowLaunchContent',
      component: () =>
        import('./components/EntityWorkflowRuns').then(
          m => m.EntityWorkflowLaunchContent,
        ),
      mountPoint: entityContentRouteRef,
    }),
  );

/** Entity card with the latest runs of the entity's `openchoreo.dev/workflow`. @public */
export const EntityOpenChoreoWorkflowRunsCard =
  openchoreoWorkflowsPlugin.provide(
    createComponentExtension({
      name: 'EntityOpenChoreoWorkflowRunsCard',
      component: {
        lazy: () =>
          import('./components/EntityWorkflowRuns').then(
            m => m.EntityWorkflowRunsCard,
          ),
      },
    }),
  );
