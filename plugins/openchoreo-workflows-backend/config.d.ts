export interface Config {
  /** Configuration of the OpenChoreo Workflows plugins. */
  openchoreoWorkflows?: {
    /**
     * The OpenChoreo control planes to read workflows from and launch runs
     * in. When none is given in development, the embedded local control plane
     * is started with the demo workflows.
     */
    clusters?: Array<{
      /** Unique name, used as `?cluster=` in the API. */
      name: string;
      /** URL of the Kubernetes API server of the control plane. */
      url?: string;
      /** How to authenticate: a service-account token, a kubeconfig file, or in-cluster. */
      authProvider?: 'serviceAccount' | 'kubeconfig' | 'inCluster';
      /**
       * Bearer token of the service account.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Path of a kubeconfig file (authProvider kubeconfig). */
      kubeconfigPath?: string;
      /** Context within the kubeconfig file; its current context by default. */
      kubeconfigContext?: string;
      /**
       * Base64 PEM of the CA that signed the API server's certificate.
       * @visibility secret
       */
      caData?: string;
      /** Path of a PEM file with that CA. */
      caFile?: string;
      /** Accept any server certificate (development only). */
      skipTLSVerify?: boolean;
      /** Namespaces to watch; all when absent. */
      namespaces?: string[];
      /**
       * Where Argo Workflows and their pods live, when not in the control
       * plane's API server (OpenChoreo's workflow plane / build plane).
       */
      workflowPlane?: {
        url?: string;
        authProvider?: 'serviceAccount' | 'kubeconfig' | 'inCluster';
        /** @visibility secret */
        serviceAccountToken?: string;
        kubeconfigPath?: string;
        kubeconfigContext?: string;
        /** @visibility secret */
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
      };
    }>;
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
