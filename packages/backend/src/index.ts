/*
 * The dev portal's backend: the new backend system with guest sign-in, an
 * allow-all permission policy for local use, the catalog, the scaffolder,
 * notifications/signals, and the OpenChoreo Workflows plugins with the local
 * control plane module.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(
  import('@openchoreo-workflows/plugin-openchoreo-workflows-backend'),
);
// Development only: the embedded local control plane with the demo workflows,
// as the cluster `local` when no cluster is configured.
backend.add(
  import(
    '@openchoreo-workflows/plugin-openchoreo-workflows-backend-module-local-control-plane'
  ),
);
backend.add(
  import(
    '@openchoreo-workflows/plugin-scaffolder-backend-module-openchoreo-workflows'
  ),
);
backend.add(
  import(
    '@openchoreo-workflows/plugin-catalog-backend-module-openchoreo-workflows'
  ),
);

backend.start();
