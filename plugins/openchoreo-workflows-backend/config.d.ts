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
  };
}
