import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

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
    /** The plugin's archive of runs and step logs (its database). */
    archive?: {
      /**
       * How long the history of runs that left the cluster is kept. Applied
       * by a global task of Backstage's scheduler (one replica runs it);
       * without it everything is kept. Runs still in the cluster are never removed.
       */
      retention?: {
        /** Archived runs created more than this many days ago are removed. */
        days?: number;
        /** At most this many archived runs are kept per workflow (kind and name), the newest. */
        runsPerWorkflow?: number;
        /** When the task runs (default every hour, 15 minutes timeout). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** Scheduled runs (`/schedules`). */
    schedules?: {
      /**
       * How long the owner's permission decisions a schedule keeps hold (a
       * Backstage duration, e.g. `{ days: 30 }` or an ISO 8601 duration like
       * `P30D`; default 30 days). Backstage gives a plugin no user
       * credentials at tick time, so each schedule request of the owner
       * (creating, editing, listing, opening one: e.g. opening the Schedules
       * tab) takes the policy's workflow read and launch decisions and keeps
       * them on all their schedules; a tick whose decisions are older than
       * this is denied until the owner's next schedule request, so a revoked
       * permission reaches the schedules of an owner who makes none.
       */
      decisionMaxAge?: HumanDuration | string;
    };
    /**
     * Live streams (`GET /stream`, `GET /runs/{namespace}/{name}/logs/stream`).
     * Each re-checks the caller's permission every minute and ends when the
     * caller's token expires; events a client does not read are queued up to
     * 256 KiB, then the stream ends.
     */
    streams?: {
      /** Live streams one user (or service) may have open at once; more are answered with 429 (default 10). */
      perUser?: number;
    };
    /**
     * How workflows are evaluated (parameter validation and CEL rendering for
     * previews, launches and the local control plane): in worker threads,
     * each evaluation with a deadline, so that no Workflow can stall the
     * backend. An evaluation past a limit is answered with 422.
     */
    evaluation?: {
      /** Longest an evaluation may run once a worker starts it, in ms (default 2000). */
      timeoutMs?: number;
      /**
       * Longest an evaluation may wait for a worker (its user's turn, a free
       * thread, a thread replacing one stopped at the deadline), in ms; then
       * a 503 (default 30000).
       */
      queueTimeoutMs?: number;
      /** Worker threads (default 2). */
      threads?: number;
      /** Heap of each worker thread, in MB (default 256). */
      memoryLimitMb?: number;
      /** Evaluations one user may have running at once (default 1). */
      perUserConcurrency?: number;
      /** Evaluations one user may have waiting besides; more are answered with 429 (default 4). */
      perUserQueue?: number;
      /** Evaluations all users together may have waiting; more are answered with 503 (default 100). */
      totalQueue?: number;
      /**
       * Evaluate on the event loop, without deadline or limits (default false).
       * Only for measuring the pool against it (scripts/bench/isolation.ts):
       * one hostile Workflow then freezes the backend.
       */
      inline?: boolean;
    };
  };
}
