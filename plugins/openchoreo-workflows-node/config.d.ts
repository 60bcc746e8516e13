export interface Config {
  /** Configuration of the OpenChoreo Workflows plugins. */
  openchoreoWorkflows?: {
    /**
     * The OpenChoreo control planes to read workflows from and launch runs
     * in. When none is given, a backend with the local-control-plane module
     * (the dev portal's) starts the embedded local control plane with the
     * demo workflows.
     */
    clusters?: Array<
      Connection & {
        /** Unique name, used as `?cluster=` in the API. */
        name: string;
        /**
         * Namespaces to watch, and the only ones runs are launched, re-run or
         * stopped in (elsewhere: 400 naming `namespace`); all when absent.
         */
        namespaces?: string[];
        /**
         * Where Argo Workflows and their pods live, when not in the control
         * plane's API server (OpenChoreo's workflow plane / build plane).
         */
        workflowPlane?: Connection;
        /**
         * OpenChoreo's observer, read (`POST {url}/api/v1/logs/query`) for the
         * logs of a step whose pod is gone (Argo's pod GC, a run deleted before
         * its logs were archived) or cannot be reached. Give `url`, or
         * `resolveFromObservabilityPlane: true` to follow the workflow's
         * workflowPlaneRef to its ObservabilityPlane's `spec.observerURL` as
         * OpenChoreo does (needs `get` on (cluster)workflowplanes and
         * (cluster)observabilityplanes).
         */
        observer?: {
          /** Base URL of the observer API. */
          url?: string;
          /** Use the observerURL of the workflow plane's ObservabilityPlane instead of `url`. */
          resolveFromObservabilityPlane?: boolean;
          /** Credentials: a bearer token, or an OAuth2 client of OpenChoreo's identity provider. */
          auth?: {
            /** @visibility secret */
            bearerToken?: string;
            clientCredentials?: {
              tokenUrl: string;
              clientId: string;
              /** @visibility secret */
              clientSecret: string;
              scopes?: string[];
            };
          };
          /**
           * Base64 PEM of the CA that signed the observer's certificate.
           * @visibility secret
           */
          caData?: string;
          caFile?: string;
          skipTLSVerify?: boolean;
          /** Deadline of one observer request, 1 to 120 (default 10). */
          timeoutSeconds?: number;
          /** Most lines read for one step, 1 to 200,000 (default 20,000). */
          maxLinesPerStep?: number;
          /**
           * How long after a step ended its lines may still be arriving at the
           * observer (the log pipeline's delay), 0 to 3600 (default 120): what
           * the observer has is kept as the step's complete log only after that.
           */
          ingestionDelaySeconds?: number;
        };
      }
    >;
  };
}

/** How to reach a Kubernetes API server. */
interface Connection {
  /** URL of the Kubernetes API server. */
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
}
