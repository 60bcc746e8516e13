import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  demoManifestsDir,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import { openchoreoWorkflowsClustersExtensionPoint } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { readLocalControlPlaneSettings } from './options';

/**
 * Starts the embedded local control plane with the demo workflows and adds it
 * to the openchoreo-workflows plugin as the `local` cluster: by default only
 * when no cluster is configured. `localControlPlane.clusters` names several,
 * one control plane each (the portal with several clusters). For development
 * backends only.
 *
 * @public
 */
export const openchoreoWorkflowsModuleLocalControlPlane = createBackendModule({
  pluginId: 'openchoreo-workflows',
  moduleId: 'local-control-plane',
  register(reg) {
    reg.registerInit({
      deps: {
        clusters: openchoreoWorkflowsClustersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ clusters, config, logger, lifecycle }) {
        const settings = readLocalControlPlaneSettings(config);
        if ('skip' in settings) {
          logger.info(`Not starting the local control plane: ${settings.skip}`);
          return;
        }
        const { clusters: names, port, manifests } = settings.start;
        for (const [i, name] of names.entries()) {
          const first = i === 0;
          const kubeconfigOut = first
            ? settings.start.kubeconfigOut
            : undefined;
          const plane = await startLocalControlPlane({
            port: first ? port : 0,
            manifests: [demoManifestsDir(), ...manifests],
            stepSeconds: settings.start.stepSeconds,
            kubeconfigOut,
          });
          lifecycle.addShutdownHook(() => plane.stop());
          clusters.addCluster({
            name,
            connection: {
              authProvider: 'kubeconfig',
              kubeconfig: plane.kubeconfig,
            },
          });
          logger.info(
            `Started the embedded local control plane '${name}' at ${
              plane.url
            } with the demo workflows${
              kubeconfigOut ? ` (kubectl --kubeconfig ${kubeconfigOut})` : ''
            }`,
          );
        }
      },
    });
  },
});
