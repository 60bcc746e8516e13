import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { OpenChoreoWorkflowsClient, openchoreoWorkflowsApiRef } from './api';
import { isOpenChoreoWorkflowsAvailable } from './components/EntityWorkflowRuns/annotation';
import { rootRouteRef } from './routes';

const workflowsApi = ApiBlueprint.make({
  params: define =>
    define({
      api: openchoreoWorkflowsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OpenChoreoWorkflowsClient({ discoveryApi, fetchApi }),
    }),
});

const workflowsPage = PageBlueprint.make({
  params: {
    path: '/openchoreo-workflows',
    title: 'Workflows',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/WorkflowsPage').then(m => <m.WorkflowsPage />),
  },
});

const workflowRunsEntityContent = EntityContentBlueprint.make({
  name: 'workflow-runs',
  params: {
    path: '/openchoreo-workflow-runs',
    title: 'Workflow runs',
    filter: isOpenChoreoWorkflowsAvailable,
    loader: () =>
      import('./components/EntityWorkflowRuns').then(m => (
        <m.EntityWorkflowRunsContent />
      )),
  },
});

// As EntityOpenChoreoWorkflowLaunchContent of the legacy exports: a tab on
// the entities that stand for a workflow (the catalog module's resources).
const workflowLaunchEntityContent = EntityContentBlueprint.make({
  name: 'workflow-launch',
  params: {
    path: '/openchoreo-workflow-launch',
    title: 'Launch',
    filter: entity =>
      entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
      entity.spec?.type === 'openchoreo-workflow' &&
      isOpenChoreoWorkflowsAvailable(entity),
    loader: () =>
      import('./components/EntityWorkflowRuns').then(m => (
        <m.EntityWorkflowLaunchContent />
      )),
  },
});

const workflowRunsEntityCard = EntityCardBlueprint.make({
  name: 'workflow-runs',
  params: {
    filter: isOpenChoreoWorkflowsAvailable,
    loader: () =>
      import('./components/EntityWorkflowRuns').then(m => (
        <m.EntityWorkflowRunsCard />
      )),
  },
});

/** The plugin for Backstage's new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'openchoreo-workflows',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    workflowsApi,
    workflowsPage,
    workflowRunsEntityContent,
    workflowLaunchEntityContent,
    workflowRunsEntityCard,
  ],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
