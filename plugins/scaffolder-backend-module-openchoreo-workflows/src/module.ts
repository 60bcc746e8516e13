import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRunWorkflowAction } from './actions/runWorkflow';
import { WorkflowsBackendClient } from './actions/WorkflowsBackendClient';

/**
 * Registers the `openchoreo:workflow:run` action with the scaffolder.
 *
 * @public
 */
export const scaffolderModuleOpenChoreoWorkflows = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'openchoreo-workflows',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, config }) {
        scaffolder.addActions(
          createRunWorkflowAction({
            backend: new WorkflowsBackendClient({ discovery, auth }),
            appBaseUrl: config.getString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
