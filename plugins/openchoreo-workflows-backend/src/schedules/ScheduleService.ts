import { InputError, NotFoundError } from '@backstage/errors';
import {
  Schedule,
  ScheduleListResponse,
  ScheduleRequest,
  ScheduleUpdate,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { randomUUID } from 'node:crypto';
import { ClusterState } from '../cluster/ClusterState';
import { LaunchRenderError, LaunchValidationError } from '../service/errors';
import { dns1123LabelProblem } from '../service/names';
import { WorkflowService } from '../service/WorkflowService';
import { checkCron, nextTick } from './cron';
import { StoredOwnerDecisions } from './ownerDecisions';
import {
  SchedulePosition,
  ScheduleRow,
  ScheduleStore,
  toSchedule,
} from './ScheduleStore';
import { ScheduleCondition } from './scheduleVisibility';

/** Schedules one user may own per cluster. */
export const MAX_SCHEDULES_PER_OWNER = 100;
/** Schedules a page of `GET /schedules` lists at most, and by default. */
export const MAX_SCHEDULES_LISTED = 1000;
const DEFAULT_SCHEDULES_LISTED = 100;

/** The cursor is the position of the last schedule a page listed (`createdAt`, a newline, `id`), opaque to clients. */
const encodeCursor = (p: SchedulePosition) =>
  Buffer.from(`${p.createdAt}\n${p.id}`).toString('base64url');

function decodeCursor(cursor: string): SchedulePosition {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url')
    .toString()
    .split('\n');
  if (!createdAt || !id || rest.length > 0) {
    throw new InputError('cursor: is not a cursor this API returned');
  }
  return { createdAt, id };
}

/**
 * Schedules: created, changed and removed with what a launch checks (the
 * run's namespace, the parameters validated and rendered in the evaluator as
 * a launch does), the cron and time zone checked, `next_run_at` kept. Who may
 * do what is the routes' business (scheduleRoutes).
 */
export class ScheduleService {
  constructor(
    private readonly deps: {
      store: ScheduleStore;
      workflows: WorkflowService;
      now?: () => Date;
    },
  ) {}

  #now = () => (this.deps.now ?? (() => new Date()))();

  async create(
    cluster: ClusterState,
    workflow: WorkflowResource,
    request: ScheduleRequest,
    owner: string,
    /** The owner's read and launch decisions, taken with their request. */
    decisions: StoredOwnerDecisions,
  ): Promise<Schedule> {
    const when = checkCron(request.cron, request.timezone);
    const namespace = this.#runNamespace(cluster, workflow, request.namespace);
    const parameters = await this.#checkParameters(
      workflow,
      namespace,
      request.parameters ?? {},
      owner,
    );
    const now = this.#now();
    const row: ScheduleRow = {
      id: randomUUID(),
      cluster: cluster.name,
      workflow_kind: workflow.kind,
      workflow_name: workflow.metadata.name,
      workflow_namespace:
        workflow.kind === 'Workflow'
          ? workflow.metadata.namespace ?? null
          : null,
      namespace,
      parameters: JSON.stringify(parameters),
      cron: when.cron,
      timezone: when.timezone,
      paused: false,
      owner,
      next_run_at: nextTick(when, now),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      ...decisions,
    };
    if (!(await this.deps.store.insertCapped(row, MAX_SCHEDULES_PER_OWNER))) {
      throw new LaunchValidationError([
        {
          path: '',
          message: `${owner} already has ${MAX_SCHEDULES_PER_OWNER} schedules on cluster ${cluster.name}`,
        },
      ]);
    }
    return toSchedule(row);
  }

  /** A schedule (that meets `visible`), else the 404 of a missing one. */
  async get(id: string, visible?: ScheduleCondition): Promise<ScheduleRow> {
    const row = await this.deps.store.get(id, visible);
    if (!row) throw new NotFoundError(`schedule '${id}' not found`);
    return row;
  }

  /** The API's shape of a stored schedule, with its last tick. */
  async describe(row: ScheduleRow): Promise<Schedule> {
    const [lastTick] = await this.deps.store.ticks.history(row.id, 1);
    return toSchedule(row, lastTick);
  }

  /** A page of a cluster's schedules that meet `visible`, oldest first, and the cursor of the next page. */
  async list(
    cluster: ClusterState,
    visible: ScheduleCondition,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<ScheduleListResponse> {
    const limit = Math.min(
      page.limit ?? DEFAULT_SCHEDULES_LISTED,
      MAX_SCHEDULES_LISTED,
    );
    const rows = await this.deps.store.page(
      cluster.name,
      visible,
      limit + 1,
      page.cursor ? decodeCursor(page.cursor) : undefined,
    );
    const items = rows.slice(0, limit);
    const last = await this.deps.store.ticks.last(items.map(r => r.id));
    const next = rows.length > limit ? items[items.length - 1] : undefined;
    return {
      items: items.map(r => toSchedule(r, last.get(r.id))),
      ...(next
        ? {
            nextCursor: encodeCursor({
              createdAt: next.created_at,
              id: next.id,
            }),
          }
        : {}),
    };
  }

  /**
   * Edits a schedule: new parameters are checked as a launch's (they need
   * the workflow); the next run moves only when the cron, the time zone or
   * pausing change: pausing clears it, resuming sets it.
   */
  async update(
    cluster: ClusterState,
    workflow: WorkflowResource | undefined,
    row: ScheduleRow,
    update: ScheduleUpdate,
  ): Promise<Schedule> {
    const when = checkCron(
      update.cron ?? row.cron,
      update.timezone ?? row.timezone,
    );
    const changes: Partial<ScheduleRow> = {
      cron: when.cron,
      timezone: when.timezone,
      updated_at: this.#now().toISOString(),
    };
    if (update.parameters !== undefined) {
      if (!workflow) {
        throw new NotFoundError(
          `the workflow of schedule '${row.id}' no longer exists: its parameters cannot be checked`,
        );
      }
      changes.parameters = JSON.stringify(
        await this.#checkParameters(
          workflow,
          this.#runNamespace(cluster, workflow, row.namespace),
          update.parameters,
          row.owner,
        ),
      );
    }
    const paused = update.paused ?? !!row.paused;
    changes.paused = paused;
    if (
      when.cron !== row.cron ||
      when.timezone !== row.timezone ||
      paused !== !!row.paused
    ) {
      changes.next_run_at = paused ? null : nextTick(when, this.#now());
    }
    if (!(await this.deps.store.update(row.id, changes))) {
      throw new NotFoundError(`schedule '${row.id}' not found`);
    }
    return this.describe({ ...row, ...changes });
  }

  /** Keeps the owner's decisions, taken with their request, on their schedules (what ticks apply), unless newer ones are kept. */
  async keepOwnerDecisions(owner: string, decisions: StoredOwnerDecisions) {
    await this.deps.store.keepOwnerDecisions(owner, decisions);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.deps.store.delete(id))) {
      throw new NotFoundError(`schedule '${id}' not found`);
    }
  }

  #runNamespace(
    cluster: ClusterState,
    workflow: WorkflowResource,
    requested: string,
  ): string {
    const problem = dns1123LabelProblem(requested);
    if (problem) {
      throw new LaunchValidationError([
        { path: 'namespace', message: problem },
      ]);
    }
    const namespace = this.deps.workflows.runNamespace(workflow, requested);
    const outside = cluster.namespaceProblem(namespace);
    if (outside) {
      throw new LaunchValidationError([
        { path: 'namespace', message: outside },
      ]);
    }
    return namespace;
  }

  /** The parameters as given, when a launch would take them (validated and rendered in the evaluator). */
  async #checkParameters(
    workflow: WorkflowResource,
    namespace: string,
    parameters: Record<string, unknown>,
    user: string,
  ): Promise<Record<string, unknown>> {
    const preview = await this.deps.workflows.preview(
      workflow,
      { namespace, parameters },
      { user },
    );
    if (preview.errors.length > 0) {
      // The same field errors a launch with these parameters gets.
      throw new LaunchValidationError(preview.errors);
    }
    if (preview.renderError) throw new LaunchRenderError(preview.renderError);
    return parameters;
  }
}
