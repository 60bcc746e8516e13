export interface Config {
  /** Configuration of the OpenChoreo Workflows plugins. */
  openchoreoWorkflows?: {
    /**
     * The OpenChoreo control planes to read workflows from and launch runs
     * in. When none is given, a backend with the local-control-plane module
     * (the dev portal's) starts the embedded local control plane with the
     * demo workflows.
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
  };
}
