import type { ApiGeneration, RunPhase, RunTask, WorkflowKind } from '../model';
import type { FieldError } from '../schema';

/*
 * Types of the backend's REST API (`/api/openchoreo-workflows`), shared by the
 * backend, the frontend client and the scaffolder actions. JSON only.
 */

/** Reference to a Workflow (namespaced) or ClusterWorkflow. @public */
export interface WorkflowRef {
  kind: WorkflowKind;
  name: string;
  /** Namespace of a Workflow; absent for a ClusterWorkflow. */
  namespace?: string;
}

/** The last run of a workflow, shown in the workflow list. @public */
export interface LastRunInfo {
  name: string;
  namespace: string;
  phase: RunPhase;
  createdAt?: string;
  completedAt?: string;
}

/**
 * A problem of a workflow its authors should fix. `UserNumbersFailToRender`:
 * the template renders with the schema's defaults but not once a user types a
 * number (OpenChoreo reads numbers in a WorkflowRun as doubles, while
 * whole-number defaults are ints), so launches with a typed number stay
 * Pending in OpenChoreo; the portal refuses them before creating anything.
 * @public
 */
export interface WorkflowWarning {
  reason: 'UserNumbersFailToRender';
  /** In words, with OpenChoreo's message and the expression. */
  message: string;
  expression?: string;
  location?: string;
}

/** One entry of the workflow list. @public */
export interface WorkflowSummary extends WorkflowRef {
  cluster: string;
  generation: ApiGeneration;
  title: string;
  description?: string;
  /** `component` for component CI workflows, `generic` otherwise. */
  type: 'generic' | 'component';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt?: string;
  lastRun?: LastRunInfo;
  /** Number of problems found in the workflow's parameter schema. */
  schemaErrorCount: number;
  /** Problems of the workflow's template its authors should fix. */
  warnings: WorkflowWarning[];
}

/** A workflow with its launch form. @public */
export interface WorkflowDetail extends WorkflowSummary {
  jsonSchema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  schemaErrors: FieldError[];
  /** The parameters a launch with no input would get. */
  defaults: Record<string, unknown>;
  /** `apiVersion`/`kind` of the run template (usually an Argo Workflow). */
  runTemplate: { apiVersion?: string; kind?: string };
  resourceIds: string[];
  ttlAfterCompletion?: string;
}

/** `GET /workflows` response. @public */
export interface WorkflowListResponse {
  items: WorkflowSummary[];
}

/** Body of a preview request. @public */
export interface PreviewRequest {
  /** Namespace the run would be created in (defaults to the workflow's). */
  namespace?: string;
  parameters: Record<string, unknown>;
}

/** A render error, naming the expression and its place in the template. @public */
export interface RenderErrorInfo {
  /** "OpenChoreo cannot render this run: `EXPRESSION`: OpenChoreo's message" */
  message: string;
  expression?: string;
  location?: string;
}

/**
 * A spot where OpenChoreo renders something other than the template plainly
 * says, because of how OpenChoreo itself works: the objects show what it
 * does, the message says so (with the expression and where it is). @public
 */
export interface RenderWarningInfo {
  message: string;
  expression?: string;
  location?: string;
}

/** `POST .../preview` response. @public */
export interface PreviewResponse {
  /** The parameters with defaults applied. */
  parameters: Record<string, unknown>;
  /**
   * What a launch writes into the WorkflowRun's `spec.workflow.parameters`:
   * the parameters without the values OpenChoreo's defaulting reproduces.
   * `objects` are rendered from these, as OpenChoreo will.
   */
  runParameters: Record<string, unknown>;
  errors: FieldError[];
  /** The run resource first, then the included `resources[]`. */
  objects: Record<string, unknown>[];
  renderError?: RenderErrorInfo;
  /** Where OpenChoreo's own behaviour makes the objects differ from what the template reads. */
  warnings?: RenderWarningInfo[];
}

/** Body of `POST /runs`. @public */
export interface LaunchRequest {
  /** Namespace of the WorkflowRun. */
  namespace: string;
  workflow: WorkflowRef;
  parameters?: Record<string, unknown>;
  /** Explicit run name; generated (DNS-1123, at most 63 chars) when absent. */
  name?: string;
  /** A retried request with the same key creates one run only. */
  idempotencyKey?: string;
}

/** One run in a list. @public */
export interface RunSummary {
  cluster: string;
  name: string;
  namespace: string;
  uid?: string;
  workflow: WorkflowRef;
  generation: ApiGeneration;
  phase: RunPhase;
  reason?: string;
  message?: string;
  /** Entity ref of the Backstage user who launched it, when launched here. */
  launchedBy?: string;
  /** Id of the schedule that launched it (then `launchedBy` is the schedule's owner). */
  schedule?: string;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  durationMs?: number;
  parameters: Record<string, unknown>;
  taskCount: number;
  tasksSucceeded: number;
  /** True when the run no longer exists in the cluster and comes from the archive. */
  archived: boolean;
  /**
   * The run's `spec.ttlAfterCompletion` (e.g. `1d`): OpenChoreo deletes it
   * from the cluster that long after `completedAt`. Copied from its workflow
   * before OpenChoreo renders the run; absent when neither has one.
   */
  ttlAfterCompletion?: string;
  /**
   * Why a Pending run with no run resource does not start, when rendering it
   * as OpenChoreo does fails (OpenChoreo only logs that, with no condition).
   */
  diagnosis?: RunDiagnosis;
}

/** A run OpenChoreo cannot render, explained. @public */
export interface RunDiagnosis {
  reason: 'RenderFailed';
  /** "OpenChoreo cannot render this run: `EXPRESSION`: OpenChoreo's message" */
  message: string;
  expression?: string;
  location?: string;
}

/** A Kubernetes condition as found on a WorkflowRun. @public */
export interface RunCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A run with its steps. @public */
export interface RunDetail extends RunSummary {
  tasks: RunTask[];
  conditions: RunCondition[];
  runReference?: {
    apiVersion?: string;
    kind?: string;
    name: string;
    namespace?: string;
  };
  /** Output parameters of the workflow, when it produced any. */
  outputs: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Filters and paging of `GET /runs` (newest first, cursor paging), besides the phases. @public */
export interface RunListFilters {
  workflow?: string;
  workflowKind?: WorkflowKind;
  namespace?: string;
  /** A user entity ref (in a request, `me` stands for the caller). */
  launchedBy?: string;
  /** Only runs this schedule launched (its id). */
  schedule?: string;
  since?: string;
  until?: string;
  /** Parameter filters by dotted path, sent as `param.<path>=<value>`. */
  params?: Record<string, string>;
  limit?: number;
  cursor?: string;
}

/** `GET /runs` response. @public */
export interface RunListResponse {
  items: RunSummary[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** One log line of one step. @public */
export interface LogLine {
  task: string;
  timestamp?: string;
  text: string;
}

/** `GET /runs/{ns}/{name}/logs` response. @public */
export interface RunLogsResponse {
  lines: LogLine[];
  /** Whether every step's log is complete (the run finished and was read). */
  complete: boolean;
  /** Where each asked step's lines came from, or why there are none. */
  steps: StepLogStatus[];
  /** With a window ({@link LogWindow}): the line of the step's log `lines` starts at. */
  offset?: number;
  /** With a window: how many lines the step's log has so far. */
  total?: number;
}

/**
 * A window of one step's log (`GET /runs/{ns}/{name}/logs?task=&offset=&limit=`):
 * `limit` lines (default 1000, at most 5000) from line `offset`; a negative
 * `offset` counts from the end (-1000: the last 1000 lines). @public
 */
export interface LogWindow {
  offset?: number;
  limit?: number;
}

/**
 * The `start` event of a log stream opened with `offset`: the line number of
 * the first `line` that follows (the lines are consecutive from it) and the
 * lines the step's log had then. @public
 */
export interface LogStreamStart {
  task: string;
  offset: number;
  total: number;
}

/** Why a step's log is not read from its pod (wording: `stepLogsUnavailable`). @public */
export type StepLogReason =
  /** The run exists but the step's pod does not (Argo's pod garbage collection). */
  | 'podGone'
  /** The run was deleted before its logs were archived. */
  | 'runDeleted'
  /** The workflow plane's API server cannot be reached. */
  | 'workflowPlaneUnreachable'
  /** The pod exists but its log cannot be read. */
  | 'logUnreadable'
  /** The step never started, so it wrote nothing. */
  | 'notStarted';

/** One step's log: where its lines come from, or why there are none. @public */
export interface StepLogStatus {
  task: string;
  /** Where the lines came from; absent when there are none. */
  source?: 'pod' | 'archive' | 'observer';
  /** Why the pod was not read, when it was not. */
  reason?: StepLogReason;
  /** The sentence shown instead of lines when there are none to be had. */
  unavailable?: string;
  /** A remark shown beside the lines (read from the observer, cut short). */
  note?: string;
}

/** A Kubernetes Event of a step's pod (OpenChoreo's `WorkflowRunEventEntry` and more). @public */
export interface StepEvent {
  /** eventTime, else firstTimestamp, else lastTimestamp (as OpenChoreo's API). */
  timestamp: string;
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  message: string;
  /** How often it happened, when more than once, and the last time. */
  count?: number;
  lastTimestamp?: string;
  /** The pod it is about. */
  pod: string;
}

/** `GET /runs/{ns}/{name}/events` response, oldest first. @public */
export interface StepEventsResponse {
  items: StepEvent[];
  /** Why there are no events to read, in words, when there are none. */
  message?: string;
}

/** An event of the live stream. @public */
export interface RunEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /**
   * The run as it is now, with its steps and conditions, so a run page can
   * apply the change without fetching the run again. `outputs` are not
   * included (they are read once the run has finished).
   */
  run: RunSummary &
    Partial<Pick<RunDetail, 'tasks' | 'conditions' | 'runReference'>>;
}

/**
 * Whether the backend's watches reach a cluster's API server, since when (ISO
 * time), and while they do not, the last error (without addresses or
 * identities). One entry of `GET /clusters` and of `/health`. @public
 */
export interface ClusterStatus {
  name: string;
  reachable: boolean;
  since: string;
  lastError?: string;
}

/** `GET /clusters` response. @public */
export interface ClusterListResponse {
  items: ClusterStatus[];
}

/** Body of `POST /schedules`: a launch request repeated on a cron schedule. @public */
export interface ScheduleRequest {
  workflow: WorkflowRef;
  /** Namespace of the runs. */
  namespace: string;
  parameters?: Record<string, unknown>;
  /** Five fields: minute hour day-of-month month day-of-week. */
  cron: string;
  /** IANA time zone the cron expression is read in (default UTC). */
  timezone?: string;
}

/** Body of `PATCH /schedules/{id}`: what changes. @public */
export type ScheduleUpdate = Partial<
  Pick<ScheduleRequest, 'parameters' | 'cron' | 'timezone'>
> & { paused?: boolean };

/** What a schedule's last tick did. @public */
export interface ScheduleTick {
  /** The tick's time (ISO). */
  at: string;
  /** `claimed`: a replica took the tick and has not launched it yet. */
  outcome: 'claimed' | 'launched' | 'denied' | 'failed';
  /** The run launched (`namespace/name`), or why not. */
  run?: string;
  message?: string;
}

/** A schedule. @public */
export interface Schedule {
  id: string;
  cluster: string;
  workflow: WorkflowRef;
  namespace: string;
  parameters: Record<string, unknown>;
  cron: string;
  timezone: string;
  paused: boolean;
  /** Entity ref of the user who created it; its runs are launched as them. */
  owner: string;
  /** Next tick (ISO); absent while paused. */
  nextRunAt?: string;
  lastTick?: ScheduleTick;
  createdAt: string;
  updatedAt: string;
}

/** `GET /schedules` response. @public */
export interface ScheduleListResponse {
  items: Schedule[];
  /** Where the next page starts (`cursor`); absent on the last page. */
  nextCursor?: string;
}
