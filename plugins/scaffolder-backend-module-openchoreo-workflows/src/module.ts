import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRunWorkflowAction } from './actions/runWorkflow';
import { createScheduleWorkflowAction } from './actions/scheduleWorkflow';
import { WorkflowsBackendClient } from './actions/WorkflowsBackendClient';

/**
 * Registers the `openchoreo:workflow:run` and `openchoreo:workflow:schedule`
 * actions with the scaffolder.
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
        const backend = new WorkflowsBackendClient({ discovery, auth });
        const appBaseUrl = config.getString('app.baseUrl');
        scaffolder.addActions(
          createRunWorkflowAction({ backend, appBaseUrl }),
          createScheduleWorkflowAction({ backend, appBaseUrl }),
        );
      },
    });
  },
});
