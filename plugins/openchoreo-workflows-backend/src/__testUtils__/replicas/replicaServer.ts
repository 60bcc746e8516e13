import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { waitForBackendReady } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import knexFactory from 'knex';
import { openchoreoWorkflowsPlugin } from '../../plugin';
import { kubeconfigCluster } from '../backend';

/** What a replica prints on stdout, one line each, for the process that started it. */
export const READY = 'READY';
export const NOTIFIED = 'NOTIFIED';

/**
 * One replica: the real plugin in a backend of its own, on the shared
 * PostgreSQL database and the cluster of `kubeconfigPath`. Each notification
 * the plugin sends is printed as `NOTIFIED <scope>` (the notifications
 * service stands at the edge: what reaches it is what users would get).
 * Prints `READY <port>` once the watch caches are ready; runs until killed.
 */
export async function serveReplica(options: {
  postgresUrl: string;
  kubeconfigPath: string;
}): Promise<void> {
  const knex = knexFactory({
    client: 'pg',
    connection: options.postgresUrl,
    pool: { min: 0, max: 5 },
  });
  const notifications = createServiceFactory({
    service: notificationService,
    deps: { logger: coreServices.rootLogger },
    factory: () => ({
      async send(n) {
        process.stdout.write(
          `${NOTIFIED} ${JSON.stringify(n.payload.scope ?? '')}\n`,
        );
      },
    }),
  });
  const backend = await startTestBackend({
    features: [
      openchoreoWorkflowsPlugin,
      notifications,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          openchoreoWorkflows: {
            clusters: [kubeconfigCluster(options.kubeconfigPath, 'real')],
          },
        },
      }),
    ],
  });
  await waitForBackendReady(backend.server, 120_000);
  const { port } = backend.server.address() as { port: number };
  process.stdout.write(`${READY} ${port}\n`);
  process.on('SIGTERM', () => {
    void backend
      .stop()
      .then(() => knex.destroy())
      .finally(() => process.exit(0));
  });
  await new Promise(() => {});
}
