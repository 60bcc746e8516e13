import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  ClusterConfig,
  openchoreoWorkflowsClustersExtensionPoint,
  readClusterConfigs,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { createServices, startClusters, startNotifier } from './pluginServices';
import { createRouter } from './service/router';
import { StreamSlots } from './service/streamSlots';

/**
 * The `openchoreo-workflows` backend plugin.
 *
 * @public
 */
export const openchoreoWorkflowsPlugin = createBackendPlugin({
  pluginId: 'openchoreo-workflows',
  register(env) {
    // Clusters that modules add (the local control plane module, for one).
    const addedClusters: ClusterConfig[] = [];
    let initialized = false;
    env.registerExtensionPoint(openchoreoWorkflowsClustersExtensionPoint, {
      addCluster(cluster) {
        if (initialized) {
          throw new Error(
            `cluster '${cluster.name}' was added after the openchoreo-workflows plugin started`,
          );
        }
        addedClusters.push(cluster);
      },
    });
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        initialized = true;
        const services = await createServices(deps, [
          ...readClusterConfigs(deps.config),
          ...addedClusters,
        ]);
        await startNotifier(deps, services);
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            ...services,
            streamSlots: StreamSlots.fromConfig(deps.config),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        startClusters(services.clusters, deps);
      },
    });
  },
});
