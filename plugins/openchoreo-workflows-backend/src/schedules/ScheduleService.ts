import { NotFoundError } from '@backstage/errors';
import {
  Schedule,
  ScheduleRequest,
  ScheduleUpdate,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { randomUUID } from 'node:crypto';
import { ClusterState } from '../cluster/ClusterState';
import { LaunchRenderError, LaunchValidationError } from '../service/errors';
import { runNameProblem } from '../service/names';
import { WorkflowService } from '../service/WorkflowService';
import { checkCron, nextTick } from './cron';
import { ScheduleRow, ScheduleStore, toSchedule } from './ScheduleStore';

/** Schedules one user may own per cluster. */
export const MAX_SCHEDULES_PER_OWNER = 100;
/** Schedules `GET /schedules` lists at most. */
export const MAX_SCHEDULES_LISTED = 1000;

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
  ): Promise<Schedule> {
    const when = checkCron(request.cron, request.timezone);
    const namespace = this.#runNamespace(cluster, workflow, request.namespace);
    const parameters = await this.#checkParameters(
      workflow,
      namespace,
      request.parameters ?? {},
      owner,
    );
    if (
      (await this.deps.store.count(cluster.name, owner)) >=
      MAX_SCHEDULES_PER_OWNER
    ) {
      throw new LaunchValidationError([
        {
          path: '',
          message: `${owner} already has ${MAX_SCHEDULES_PER_OWNER} schedules on cluster ${cluster.name}`,
        },
      ]);
    }
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
    };
    await this.deps.store.insert(row);
    return toSchedule(row);
  }

  async get(id: string): Promise<ScheduleRow> {
    const row = await this.deps.store.get(id);
    if (!row) throw new NotFoundError(`schedule '${id}' not found`);
    return row;
  }

  /** The API's shape of a stored schedule, with its last tick. */
  async describe(row: ScheduleRow): Promise<Schedule> {
    const [lastTick] = await this.deps.store.ticks(row.id, 1);
    return toSchedule(row, lastTick);
  }

  list(cluster: ClusterState): Promise<ScheduleRow[]> {
    return this.deps.store.list(cluster.name, MAX_SCHEDULES_LISTED);
  }

  /** Edits a schedule: new parameters are checked as a launch's; pausing clears the next run, resuming sets it. */
  async update(
    cluster: ClusterState,
    workflow: WorkflowResource,
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
    changes.next_run_at = paused ? null : nextTick(when, this.#now());
    if (!(await this.deps.store.update(row.id, changes))) {
      throw new NotFoundError(`schedule '${row.id}' not found`);
    }
    return this.describe({ ...row, ...changes });
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
    const problem = runNameProblem(requested);
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
