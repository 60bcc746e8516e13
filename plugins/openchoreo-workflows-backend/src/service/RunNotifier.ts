import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  deriveRunStatus,
  isTerminalPhase,
  WorkflowResource,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import { ClusterState } from '../cluster/ClusterState';
import { toRunSummary } from './convert';

const TABLE = 'ocw_run_notifications';
/** Runs that finished longer ago than this are not notified (e.g. on the first start). */
const MAX_AGE_MS = 60 * 60 * 1000;

export interface RunNotifierOptions {
  db: Knex;
  notifications: NotificationService;
  logger: LoggerService;
  /** Also notify the owner of the run's workflow. */
  notifyOwner?: boolean;
  /** The workflow owner's entity ref (needed with notifyOwner). */
  ownerOf?: (cluster: string, workflow: WorkflowResource) => Promise<string>;
  /** Whether `cluster` is the default one (links then carry no `?cluster=`). */
  isDefaultCluster?: (cluster: string) => boolean;
}

/** `83000` -> `1m 23s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h && `${h}h`, (h || m) && `${m}m`, `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}

/**
 * Tells the person who launched a run (and optionally the workflow's owner)
 * that it succeeded or failed, through the notifications plugin. A run is
 * notified exactly once: the claim is a row in `ocw_run_notifications`
 * inserted before sending (a second replica or a restart finds it), and
 * removed again when sending fails so a later event can retry.
 */
export class RunNotifier {
  readonly #inFlight = new Set<string>();

  constructor(private readonly opts: RunNotifierOptions) {}

  /** Finished runs wait here and are handled one at a time (no flood on a cold sync). */
  readonly #queue = new Map<
    string,
    { cluster: ClusterState; run: WorkflowRunResource }
  >();
  #draining = false;

  track(cluster: ClusterState) {
    cluster.runs.onChange((type, run) => {
      if (type === 'DELETED' || !isTerminalPhase(deriveRunStatus(run).phase)) {
        return;
      }
      this.#queue.set(
        `${cluster.name}/${run.metadata.namespace}/${run.metadata.name}`,
        { cluster, run },
      );
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain() {
    this.#draining = true;
    try {
      for (;;) {
        const next = this.#queue.entries().next();
        if (next.done) return;
        const [key, { cluster, run }] = next.value;
        this.#queue.delete(key);
        await this.notify(cluster, run).catch(e =>
          this.opts.logger.warn(
            `notifying completion of ${run.metadata.namespace}/${run.metadata.name} failed: ${e}`,
          ),
        );
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Sends the completion notification of `run` unless it is not finished or was already sent. */
  async notify(
    cluster: ClusterState,
    run: WorkflowRunResource,
    now = new Date(),
  ): Promise<boolean> {
    const summary = toRunSummary(cluster.name, run, now);
    if (!isTerminalPhase(summary.phase)) return false;
    const finished = Date.parse(summary.completedAt ?? '');
    if (!Number.isNaN(finished) && now.getTime() - finished > MAX_AGE_MS)
      return false;

    const recipients = new Set<string>();
    if (summary.launchedBy?.startsWith('user:'))
      recipients.add(summary.launchedBy);
    const workflow = cluster.getWorkflow(
      summary.workflow.kind,
      summary.workflow.namespace,
      summary.workflow.name,
    );
    if (this.opts.notifyOwner && this.opts.ownerOf && workflow) {
      recipients.add(
        await this.opts.ownerOf(cluster.name, {
          ...workflow,
          kind: summary.workflow.kind,
        }),
      );
    }
    if (recipients.size === 0) return false;

    const key = {
      cluster: cluster.name,
      namespace: summary.namespace,
      name: summary.name,
      uid: summary.uid ?? '',
    };
    const id = Object.values(key).join('/');
    if (this.#inFlight.has(id)) return false;
    this.#inFlight.add(id);
    try {
      if (!(await this.#claim(key, summary.phase, now))) return false;
      const ok = summary.phase === 'Succeeded';
      const query =
        this.opts.isDefaultCluster?.(cluster.name) === false
          ? `?cluster=${encodeURIComponent(cluster.name)}`
          : '';
      const duration =
        summary.durationMs !== undefined
          ? ` in ${formatDuration(summary.durationMs)}`
          : '';
      const why =
        !ok && (summary.message || summary.reason)
          ? `: ${summary.message || summary.reason}`
          : '';
      try {
        await this.opts.notifications.send({
          recipients: { type: 'entity', entityRef: [...recipients] },
          payload: {
            title: `Workflow run ${summary.name} ${
              ok ? 'succeeded' : 'failed'
            }`,
            description: `${summary.workflow.kind} ${
              summary.workflow.name
            } ran in ${summary.namespace} and ${
              ok ? 'succeeded' : 'failed'
            }${duration}${why}.`,
            link: `/openchoreo-workflows/runs/${encodeURIComponent(
              summary.namespace,
            )}/${encodeURIComponent(summary.name)}${query}`,
            severity: ok ? 'normal' : 'high',
            topic: 'openchoreo-workflows',
            scope: `openchoreo-workflows:run:${id}`,
          },
        });
      } catch (e) {
        await this.opts.db(TABLE).where(key).delete();
        throw e;
      }
      return true;
    } finally {
      this.#inFlight.delete(id);
    }
  }

  /** Inserts the run's row; false when it is there already (notified before). */
  async #claim(
    key: Record<string, string>,
    phase: string,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.opts
        .db(TABLE)
        .insert({ ...key, phase, notified_at: now.toISOString() });
      return true;
    } catch (e) {
      const existing = await this.opts.db(TABLE).where(key).first();
      if (existing) return false;
      throw e;
    }
  }
}
