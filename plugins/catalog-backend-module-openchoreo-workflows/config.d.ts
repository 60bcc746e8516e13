import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Mirrors OpenChoreo Workflows and ClusterWorkflows into the catalog. */
      openchoreoWorkflows?: {
        /** Set to false to turn the provider off (default true). */
        enabled?: boolean;
        /**
         * Owner of workflows without an `openchoreo.dev/owner` or
         * `backstage.io/owner` annotation (default `group:default/platform-team`).
         * Also what the IS_ENTITY_OWNER permission rule falls back to.
         */
        defaultOwner?: string;
        /** Lifecycle of the entities (default `production`). */
        lifecycle?: string;
        /** How often the full reconciliation runs (default every 10 minutes). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Kubeconfig to wait for and follow, as the cluster `local`, when no
         * `openchoreoWorkflows.clusters` are configured (development: the one
         * the local control plane module writes,
         * `openchoreoWorkflows.localControlPlane.kubeconfigOut`). Relative to
         * the backend's working directory; none by default.
         */
        localKubeconfig?: string;
      };
    };
  };
}
