export interface Config {
  /** Configuration of the OpenChoreo Workflows plugins. */
  openchoreoWorkflows?: {
    /** Completion notifications through the notifications plugin. */
    notifications?: {
      /** Notify the person who launched a run when it succeeds or fails (default true). */
      enabled?: boolean;
      /** Also notify the owner of the run's workflow (its catalog entity's owner; default false). */
      notifyOwner?: boolean;
    };
    /** The embedded local control plane used when no cluster is configured. */
    localControlPlane?: {
      /** Start it when no cluster is configured (default true outside production). */
      enabled?: boolean;
      /** Port; 0 picks a free one (default 0). */
      port?: number;
      /** Extra manifest files or directories to load besides the demo workflows. */
      manifests?: string[];
      /** Seconds each simulated step takes (default 2). */
      stepSeconds?: number;
      /** Where to write its kubeconfig (default `.local/kubeconfig` at the repository root). */
      kubeconfigOut?: string;
    };
  };
}
