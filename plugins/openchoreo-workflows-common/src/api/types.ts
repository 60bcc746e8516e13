import type { WorkflowKind } from '../model';
import type { components } from './generated/openapi';

/*
 * Types of the backend's REST API (`/api/openchoreo-workflows`), shared by the
 * backend, the frontend client and the scaffolder actions: the schemas of the
 * backend's OpenAPI document
 * (`plugins/openchoreo-workflows-backend/src/schema/openapi.yaml`), generated
 * into `./generated/openapi.ts` by `yarn generate:openapi-types`. The fields
 * and their descriptions live in the document; only the query helpers, which
 * the document describes as separate parameters, are written here. Each is an
 * interface extending its schema (`Omit<..., never>` is the schema itself):
 * an interface keeps its name in declarations and API reports, where an alias
 * of a schema would be written out in full.
 */

/*
 * `components` is exported so the types below can be named by users; it is
 * written by openapi-typescript, whose comments are JSDoc rather than TSDoc
 * and which carries no release tag: the reason common's API report is
 * allowed warnings (`build:api-reports`).
 */
export type { components } from './generated/openapi';

/**
 * The schemas of the REST API's OpenAPI document, as TypeScript types.
 * @public
 */
export type OpenChoreoWorkflowsApiSchemas = components['schemas'];

/** Reference to a Workflow (namespaced) or ClusterWorkflow. @public */
export interface WorkflowRef
  extends Omit<OpenChoreoWorkflowsApiSchemas['WorkflowRef'], never> {}

/** The last run of a workflow, shown in the workflow list. @public */
export interface LastRunInfo
  extends Omit<OpenChoreoWorkflowsApiSchemas['LastRunInfo'], never> {}

/** A problem of a workflow its authors should fix. @public */
export interface WorkflowWarning
  extends Omit<OpenChoreoWorkflowsApiSchemas['WorkflowWarning'], never> {}

/** One entry of the workflow list. @public */
export interface WorkflowSummary
  extends Omit<OpenChoreoWorkflowsApiSchemas['WorkflowSummary'], never> {}

/** A workflow with its launch form. @public */
export interface WorkflowDetail
  extends Omit<OpenChoreoWorkflowsApiSchemas['WorkflowDetail'], never> {}

/** `GET /workflows` response. @public */
export interface WorkflowListResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['WorkflowListResponse'], never> {}

/** Body of a preview request. @public */
export interface PreviewRequest
  extends Omit<OpenChoreoWorkflowsApiSchemas['PreviewRequest'], never> {}

/** A render error, naming the expression and its place in the template. @public */
export interface RenderErrorInfo
  extends Omit<OpenChoreoWorkflowsApiSchemas['RenderError'], never> {}

/** Where OpenChoreo's own behaviour makes the rendered objects differ from the template. @public */
export interface RenderWarningInfo
  extends Omit<OpenChoreoWorkflowsApiSchemas['RenderWarning'], never> {}

/** `POST .../preview` response. @public */
export interface PreviewResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['PreviewResponse'], never> {}

/** Body of `POST /runs`. @public */
export interface LaunchRequest
  extends Omit<OpenChoreoWorkflowsApiSchemas['LaunchRequest'], never> {}

/** One run in a list. @public */
export interface RunSummary
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunSummary'], never> {}

/** A run OpenChoreo cannot render, explained. @public */
export interface RunDiagnosis
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunDiagnosis'], never> {}

/** A Kubernetes condition as found on a WorkflowRun. @public */
export interface RunCondition
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunCondition'], never> {}

/** A run with its steps. @public */
export interface RunDetail
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunDetail'], never> {}

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
export interface RunListResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunListResponse'], never> {}

/** One log line of one step. @public */
export interface LogLine
  extends Omit<OpenChoreoWorkflowsApiSchemas['LogLine'], never> {}

/** `GET /runs/{ns}/{name}/logs` response. @public */
export interface RunLogsResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunLogsResponse'], never> {}

/**
 * A window of one step's log (`GET /runs/{ns}/{name}/logs?task=&offset=&limit=`):
 * `limit` lines (default 1000, at most 5000) from line `offset`; a negative
 * `offset` counts from the end (-1000: the last 1000 lines). @public
 */
export interface LogWindow {
  offset?: number;
  limit?: number;
}

/** The `start` event of a log stream opened with `offset`. @public */
export interface LogStreamStart
  extends Omit<OpenChoreoWorkflowsApiSchemas['LogStreamStart'], never> {}

/** Why a step's log is not read from its pod (wording: `stepLogsUnavailable`). @public */
export type StepLogReason = OpenChoreoWorkflowsApiSchemas['StepLogReason'];

/** One step's log: where its lines come from, or why there are none. @public */
export interface StepLogStatus
  extends Omit<OpenChoreoWorkflowsApiSchemas['StepLogStatus'], never> {}

/** A Kubernetes Event of a step's pod (OpenChoreo's `WorkflowRunEventEntry` and more). @public */
export interface StepEvent
  extends Omit<OpenChoreoWorkflowsApiSchemas['StepEvent'], never> {}

/** `GET /runs/{ns}/{name}/events` response, oldest first. @public */
export interface StepEventsResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['StepEventsResponse'], never> {}

/** An event of the live stream. @public */
export interface RunEvent
  extends Omit<OpenChoreoWorkflowsApiSchemas['RunEvent'], never> {}

/** Whether the backend's watches reach a cluster's API server, since when. @public */
export interface ClusterStatus
  extends Omit<OpenChoreoWorkflowsApiSchemas['ClusterStatus'], never> {}

/** `GET /clusters` response. @public */
export interface ClusterListResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['ClusterListResponse'], never> {}

/** Body of `POST /schedules`: a launch request repeated on a cron schedule. @public */
export interface ScheduleRequest
  extends Omit<OpenChoreoWorkflowsApiSchemas['ScheduleRequest'], never> {}

/** Body of `PATCH /schedules/{id}`: what changes. @public */
export interface ScheduleUpdate
  extends Omit<OpenChoreoWorkflowsApiSchemas['ScheduleUpdate'], never> {}

/** What a schedule's last tick did. @public */
export interface ScheduleTick
  extends Omit<OpenChoreoWorkflowsApiSchemas['ScheduleTick'], never> {}

/** A schedule. @public */
export interface Schedule
  extends Omit<OpenChoreoWorkflowsApiSchemas['Schedule'], never> {}

/** `GET /schedules` response. @public */
export interface ScheduleListResponse
  extends Omit<OpenChoreoWorkflowsApiSchemas['ScheduleListResponse'], never> {}
