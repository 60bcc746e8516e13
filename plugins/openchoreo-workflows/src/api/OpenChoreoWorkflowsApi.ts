import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ClusterListResponse,
  LaunchRequest,
  LogLine,
  LogStreamStart,
  LogWindow,
  PreviewRequest,
  PreviewResponse,
  RunComparison,
  RunDetail,
  RunEvent,
  RunListResponse,
  RunListFilters,
  RunLogsResponse,
  Schedule,
  ScheduleListResponse,
  ScheduleRequest,
  ScheduleUpdate,
  StepEventsResponse,
  StepLogStatus,
  WorkflowDetail,
  WorkflowListResponse,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { RunPhase, StreamInterruption, WorkflowKind } from './types';

/** Common options: the target cluster (the backend's default when absent). @public */
export interface ClusterOptions {
  cluster?: string;
  signal?: AbortSignal;
}

/** Filters of `GET /workflows`. @public */
export interface ListWorkflowsQuery extends ClusterOptions {
  search?: string;
  namespace?: string;
  kind?: WorkflowKind;
  type?: 'generic' | 'component';
}

/** Filters of `GET /runs` (newest first, cursor paging). @public */
export interface ListRunsQuery extends RunListFilters, ClusterOptions {
  phase?: RunPhase[];
}

/** A run, by namespace and name, on a cluster (the backend's default when absent). @public */
export interface RunRef {
  namespace: string;
  name: string;
  cluster?: string;
}

/** Options of a live stream. @public */
export interface StreamOptions extends ClusterOptions {
  signal: AbortSignal;
  onError?: (error: unknown) => void;
  /**
   * Called on every (re)connection. A reconnected stream does not carry what
   * changed while it was down: fetch again what the page shows.
   */
  onOpen?: (info: { reconnected: boolean }) => void;
  /** The server ended the stream early or refused it; `retrying` says whether it is tried again. */
  onInterrupted?: (interruption: StreamInterruption) => void;
}

/** Options of `listSchedules`. @public */
export interface ListSchedulesQuery extends ClusterOptions {
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Options of `getRunLogs`: one step's (`task`) log, or a window of it. @public */
export type RunLogsOptions = ClusterOptions & { task?: string } & LogWindow;

/** Options of `getStepEvents`. @public */
export interface StepEventsOptions extends ClusterOptions {
  /** The step. */
  task: string;
}

/** Options of `streamRunLogs`. @public */
export interface RunLogStreamOptions extends StreamOptions {
  /** One step's log only. */
  task?: string;
  /** With `task`: start at this line (negative: from the end) instead of the first. */
  offset?: number;
  /** With `offset`: the line number of the first line that follows, and the log's lines then. */
  onStart?: (start: LogStreamStart) => void;
  /** Each log line, as it comes. */
  onLine: (line: LogLine) => void;
  /** Where a step's lines come from, or why there are none. */
  onStatus?: (status: StepLogStatus) => void;
  /** The log is complete. */
  onEnd?: () => void;
}

/** Options of `streamRuns`. @public */
export interface RunStreamOptions extends StreamOptions {
  /** Only the runs in this namespace. */
  namespace?: string;
  /** Only the runs of this workflow. */
  workflow?: string;
  /** Each run's change. */
  onEvent: (event: RunEvent) => void;
}

/** Client of the openchoreo-workflows backend. @public */
export interface OpenChoreoWorkflowsApi {
  /** Whether the backend reaches each configured cluster, and since when. */
  listClusters(options?: {
    signal?: AbortSignal;
  }): Promise<ClusterListResponse>;
  listWorkflows(query?: ListWorkflowsQuery): Promise<WorkflowListResponse>;
  getWorkflow(
    ref: WorkflowRef,
    options?: ClusterOptions,
  ): Promise<WorkflowDetail>;
  preview(
    ref: WorkflowRef,
    request: PreviewRequest,
    options?: ClusterOptions,
  ): Promise<PreviewResponse>;
  /**
   * Creates a run. On a 400, 409 or 422 it throws a `ResponseError` whose field problems
   * are read with `getFieldErrors(error)`.
   */
  launch(request: LaunchRequest, options?: ClusterOptions): Promise<RunDetail>;
  listRuns(query?: ListRunsQuery): Promise<RunListResponse>;
  getRun(
    namespace: string,
    name: string,
    options?: ClusterOptions,
  ): Promise<RunDetail>;
  /** Two runs side by side: the parameters that differ, both steps' durations, the outputs. */
  compareRuns(
    a: RunRef,
    b: RunRef,
    options?: { signal?: AbortSignal },
  ): Promise<RunComparison>;
  /** Stops a run (the backend archives then deletes it). */
  stopRun(
    namespace: string,
    name: string,
    options?: ClusterOptions,
  ): Promise<RunDetail>;
  /** Runs the same workflow again, with `parameters` replacing the old ones when given. */
  rerun(
    namespace: string,
    name: string,
    parameters?: Record<string, unknown>,
    options?: ClusterOptions,
  ): Promise<RunDetail>;
  /**
   * The run's logs, or one step's (`task`); with `offset` or `limit` (and
   * `task`), a window of that step's log with its `offset` and `total`.
   */
  getRunLogs(
    namespace: string,
    name: string,
    options?: RunLogsOptions,
  ): Promise<RunLogsResponse>;
  /**
   * Streams log lines until `end` or abort; resolves when it stops. With
   * `offset`, a reconnect starts again from that offset (`onStart` again).
   * `onStatus` hears where a step's lines come from, or why there are none.
   */
  streamRunLogs(
    namespace: string,
    name: string,
    options: RunLogStreamOptions,
  ): Promise<void>;
  /** The Kubernetes Events of a step's pods, oldest first, or why there are none. */
  getStepEvents(
    namespace: string,
    name: string,
    options: StepEventsOptions,
  ): Promise<StepEventsResponse>;
  /**
   * Creates a schedule launching `request` on its cron; a bad cron, time zone or
   * parameter throws a `ResponseError` read with `getFieldErrors(error)`.
   */
  createSchedule(
    request: ScheduleRequest,
    options?: ClusterOptions,
  ): Promise<Schedule>;
  /** A page of schedules, oldest first; `cursor`: the `nextCursor` of the previous page. */
  listSchedules(options?: ListSchedulesQuery): Promise<ScheduleListResponse>;
  getSchedule(id: string, options?: ClusterOptions): Promise<Schedule>;
  /** Edits a schedule; `{ paused }` pauses or resumes it. */
  updateSchedule(
    id: string,
    update: ScheduleUpdate,
    options?: ClusterOptions,
  ): Promise<Schedule>;
  deleteSchedule(id: string, options?: ClusterOptions): Promise<void>;
  /** Streams run changes until abort; resolves when it stops. */
  streamRuns(options: RunStreamOptions): Promise<void>;
}

/** API ref of {@link OpenChoreoWorkflowsApi}. @public */
export const openchoreoWorkflowsApiRef = createApiRef<OpenChoreoWorkflowsApi>({
  id: 'plugin.openchoreo-workflows.service',
});
