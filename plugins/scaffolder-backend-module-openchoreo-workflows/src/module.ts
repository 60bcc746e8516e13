import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

/**
 * Registers the `openchoreo:workflow:*` actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModuleOpenChoreoWorkflows = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'openchoreo-workflows',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions();
      },
    });
  },
});
