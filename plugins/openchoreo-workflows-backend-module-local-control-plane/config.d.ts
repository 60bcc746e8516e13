export interface Config {
  /** Configuration of the OpenChoreo Workflows plugins. */
  openchoreoWorkflows?: {
    /**
     * The embedded local control plane, started by the local-control-plane
     * module (which only development backends add).
     */
    localControlPlane?: {
      /**
       * Start it: true starts it even when clusters are configured (it comes
       * after them), false never; by default only when
       * `openchoreoWorkflows.clusters` is empty.
       */
      enabled?: boolean;
      /**
       * The clusters to add, one local control plane each, in this order
       * (default `[local]`); two show the portal with several clusters.
       */
      clusters?: string[];
      /** Port of the first; 0 picks a free one (default 0); the others take free ones. */
      port?: number;
      /** Extra manifest files or directories to load besides the demo workflows. */
      manifests?: string[];
      /** Seconds each simulated step takes (default 2). */
      stepSeconds?: number;
      /**
       * Where to write the first one's kubeconfig, relative to the backend's working
       * directory (none by default). The dev portal writes `.local/kubeconfig`
       * at the repository root.
       */
      kubeconfigOut?: string;
    };
  };
}
