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
import {
  NotificationClaims,
  NotificationClaimsOptions,
} from '../database/NotificationClaims';
import { toRunSummary } from './convert';

type Notification = Parameters<NotificationService['send']>[0];
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
  /** Retries, backoff and the claim's lease. */
  delivery?: NotificationClaimsOptions;
  /** How often due notifications (retries, those a stopped instance left) are looked for (ms). */
  pollMs?: number;
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
 * that it succeeded or failed, through the notifications plugin, at least
 * once: what to send is recorded in `ocw_run_notifications` before sending
 * (once per run uid, whichever instance sees it first), sent by the one
 * instance that claims the row, and marked sent after. A failed send is
 * retried with backoff until the attempts are used up (then logged as given
 * up); a row a stopped instance left is taken over once its claim lapses.
 * The notification's `scope` is the run, so a repeated send (an instance
 * stopped between sending and marking) updates the same notification.
 */
export class RunNotifier {
  readonly #claims: NotificationClaims<Notification>;
  /** Finished runs wait here and are recorded one at a time (no flood on a cold sync). */
  readonly #queue = new Map<
    string,
    { cluster: ClusterState; run: WorkflowRunResource }
  >();
  #draining = false;
  #delivering?: Promise<number>;
  #again = false;
  #timer?: NodeJS.Timeout;

  constructor(private readonly opts: RunNotifierOptions) {
    this.#claims = new NotificationClaims(opts.db, opts.delivery);
  }

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

  /** Looks for due notifications every `pollMs` until `stop()`. */
  start() {
    this.#timer ??= setInterval(
      () => void this.deliverDue().catch(e => this.#warn(e)),
      this.opts.pollMs ?? 5_000,
    );
    this.#timer.unref?.();
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #drain() {
    this.#draining = true;
    try {
      for (;;) {
        const next = this.#queue.entries().next();
        if (next.done) break;
        const [key, { cluster, run }] = next.value;
        this.#queue.delete(key);
        await this.record(cluster, run).catch(e =>
          this.opts.logger.warn(
            `recording the completion of ${run.metadata.namespace}/${run.metadata.name} failed: ${e}`,
          ),
        );
      }
    } finally {
      this.#draining = false;
    }
    await this.deliverDue().catch(e => this.#warn(e));
  }

  #warn(e: unknown) {
    this.opts.logger.warn(`sending run notifications failed: ${e}`);
  }

  /**
   * Records that `run`'s completion is to be notified; false when it is not
   * finished, finished long ago, has nobody to tell, or was recorded before.
   */
  async record(
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
    const notification: Notification = {
      recipients: { type: 'entity', entityRef: [...recipients] },
      payload: {
        title: `Workflow run ${summary.name} ${ok ? 'succeeded' : 'failed'}`,
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
        scope: `openchoreo-workflows:run:${Object.values(key).join('/')}`,
      },
    };
    return this.#claims.record(key, summary.phase, notification, now);
  }

  /** Sends what is due and this instance can claim; resolves with how many were sent. */
  deliverDue(now?: Date): Promise<number> {
    if (this.#delivering) {
      this.#again = true;
      return this.#delivering;
    }
    this.#delivering = (async () => {
      let sent = 0;
      do {
        this.#again = false;
        sent += await this.#deliverOnce(now ?? new Date());
      } while (this.#again && !now);
      return sent;
    })().finally(() => {
      this.#delivering = undefined;
    });
    return this.#delivering;
  }

  async #deliverOnce(now: Date): Promise<number> {
    let sent = 0;
    for (const claim of await this.#claims.claimDue(now)) {
      const what = `${claim.key.cluster}/${claim.key.namespace}/${claim.key.name}`;
      try {
        await this.opts.notifications.send(claim.notification);
      } catch (e) {
        const outcome = await this.#claims.markFailed(claim, String(e), now);
        if (outcome === 'failed') {
          this.opts.logger.error(
            `giving up notifying the completion of run ${what} after ${
              claim.attempts + 1
            } attempts: ${e}`,
          );
        } else {
          this.opts.logger.warn(
            `notifying the completion of run ${what} failed (attempt ${
              claim.attempts + 1
            }), will retry: ${e}`,
          );
        }
        continue;
      }
      await this.#claims.markSent(claim.key, now);
      sent++;
    }
    return sent;
  }
}
