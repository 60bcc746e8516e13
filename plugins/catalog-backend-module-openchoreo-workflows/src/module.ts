import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  readClusterConfigs,
  readDefaultWorkflowOwner,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { localKubeconfigPath, watchFile } from './localKubeconfig';
import { OpenChoreoWorkflowEntityProvider } from './OpenChoreoWorkflowEntityProvider';
import { WorkflowSource } from './WorkflowSource';

/**
 * Catalog module mirroring OpenChoreo Workflows and ClusterWorkflows as
 * `Resource` entities of type `openchoreo-workflow`.
 *
 * @public
 */
export const catalogModuleOpenChoreoWorkflows = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'openchoreo-workflows',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
      },
      async init({ catalog, config, logger, scheduler, lifecycle }) {
        const own = config.getOptionalConfig(
          'catalog.providers.openchoreoWorkflows',
        );
        if (own?.getOptionalBoolean('enabled') === false) return;
        const provider = new OpenChoreoWorkflowEntityProvider({
          logger,
          defaultOwner: readDefaultWorkflowOwner(config),
          lifecycle: own?.getOptionalString('lifecycle') ?? 'production',
          appBaseUrl: config.getString('app.baseUrl').replace(/\/$/, ''),
          taskRunner: scheduler.createScheduledTaskRunner(
            own?.has('schedule')
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  own.getConfig('schedule'),
                )
              : {
                  frequency: { minutes: 10 },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 30 },
                },
          ),
        });
        const clusters = readClusterConfigs(config);
        for (const cluster of clusters)
          provider.setSource(new WorkflowSource(cluster, logger));
        if (clusters.length === 0) {
          const file = localKubeconfigPath(config);
          if (file) {
            logger.info(
              `no openchoreoWorkflows.clusters: mirroring the local control plane of ${file} once it is there`,
            );
            const stopWatching = watchFile(file, kubeconfig =>
              provider.setSource(
                new WorkflowSource(
                  {
                    name: 'local',
                    connection: { authProvider: 'kubeconfig', kubeconfig },
                  },
                  logger,
                ),
              ),
            );
            lifecycle.addShutdownHook(stopWatching);
          } else {
            logger.warn(
              'no OpenChoreo cluster is configured (openchoreoWorkflows.clusters): no workflows in the catalog',
            );
          }
        }
        lifecycle.addShutdownHook(() => provider.stop());
        catalog.addEntityProvider(provider);
      },
    });
  },
});
