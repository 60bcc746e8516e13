import { LoggerService } from '@backstage/backend-plugin-api';
import { ScheduleTick } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { ClusterRegistry } from '../service/ClusterRegistry';
import { RunLauncher } from '../service/RunLauncher';
import { nextTick } from './cron';
import { ScheduleRow, ScheduleStore } from './ScheduleStore';

/** Schedules launched per cluster and tick at most (the rest wait for the next tick). */
const MAX_DUE_PER_TICK = 100;

/**
 * How long a claimed tick may stay unlaunched before another pass launches
 * it again: the scheduler's timeout of a pass (startSchedules), after which
 * its claimer is no longer launching it.
 */
export const CLAIM_GRACE_MS = 5 * 60_000;

/**
 * Whether a schedule's owner may still launch it at `now` (the time of the
 * tick's pass): undefined when so, else why not (the tick is recorded as denied).
 */
export type OwnerCheck = (
  schedule: ScheduleRow,
  cluster: ClusterState,
  now: Date,
) => Promise<string | undefined>;

/** The idempotency key of a schedule's tick: the same for every replica and retry. */
export const tickKey = (id: string, tickAt: string) =>
  `schedule:${id}@${tickAt}`;

/**
 * Launches the schedules that are due. Each due tick is claimed with a
 * compare-and-set of `next_run_at` (moved to the next tick after now, so
 * ticks missed while no replica ran are launched once, not one by one): of
 * any number of replicas ticking at once, one launches it. The launch goes
 * through RunLauncher as the owner, with an idempotency key per (schedule,
 * tick), so the run's name is the same for anyone who would launch it.
 * The claim is recorded with the tick (outcome `claimed`): a tick whose
 * claimer died before recording what it did is launched again by a later
 * pass after CLAIM_GRACE_MS, with the same key, so a launch that did happen
 * is found again rather than repeated.
 */
export class ScheduleTicker {
  constructor(
    private readonly deps: {
      store: ScheduleStore;
      clusters: ClusterRegistry;
      launcher: RunLauncher;
      ownerCheck: OwnerCheck;
      logger: LoggerService;
    },
  ) {}

  /**
   * Launches what is due at `now`; returns the ticks this caller handled.
   * Once `signal` fired (the pass timed out) it claims nothing more: the
   * next pass takes the rest, so passes do not overlap.
   */
  async tick(now = new Date(), signal?: AbortSignal): Promise<ScheduleTick[]> {
    const handled: ScheduleTick[] = [];
    for (const cluster of this.deps.clusters.all()) {
      if (signal?.aborted) break;
      handled.push(...(await this.#recover(cluster, now, signal)));
      const due = await this.deps.store.due(
        cluster.name,
        now.toISOString(),
        MAX_DUE_PER_TICK,
      );
      for (const schedule of due) {
        if (signal?.aborted) break;
        const tick = await this.#tickOne(cluster, schedule, now);
        if (tick) handled.push(tick);
      }
    }
    return handled;
  }

  /**
   * Launches again the ticks whose claimer died (claimed before the grace
   * period, not launched), as the schedule is now: one paused since is
   * recorded as not launched, one deleted since is left (its ticks went with it).
   */
  async #recover(
    cluster: ClusterState,
    now: Date,
    signal?: AbortSignal,
  ): Promise<ScheduleTick[]> {
    const { store, logger } = this.deps;
    const stale = await store.ticks.stale(
      cluster.name,
      new Date(now.getTime() - CLAIM_GRACE_MS).toISOString(),
      MAX_DUE_PER_TICK,
    );
    const handled: ScheduleTick[] = [];
    for (const claimed of stale) {
      if (signal?.aborted) break;
      if (!(await store.ticks.reclaim(claimed, now.toISOString()))) continue;
      const schedule = await store.get(claimed.schedule.id);
      if (!schedule) continue;
      if (schedule.paused) {
        handled.push(
          await this.#record(schedule, {
            at: claimed.tickAt,
            outcome: 'denied',
            message: 'the schedule was paused before the claim was recovered',
          }),
        );
        continue;
      }
      logger.warn(
        `schedule ${schedule.id}: launching again the tick of ${claimed.tickAt}, claimed at ${claimed.claimedAt} and not launched`,
      );
      handled.push(await this.#launch(cluster, schedule, claimed.tickAt, now));
    }
    return handled;
  }

  async #tickOne(
    cluster: ClusterState,
    schedule: ScheduleRow,
    now: Date,
  ): Promise<ScheduleTick | undefined> {
    const { store, logger } = this.deps;
    const tickAt = schedule.next_run_at!;
    let next: string;
    try {
      next = nextTick(schedule, now);
    } catch (e) {
      // Stored schedules were checked; a time zone the runtime lost pauses it
      // (in the claim itself: a claim left by a crash is not launched).
      logger.error(`schedule ${schedule.id} cannot tick again: ${e}`);
      const claimedAt = now.toISOString();
      if (!(await store.claim(schedule.id, tickAt, null, claimedAt, true))) {
        return undefined;
      }
      return this.#record(schedule, {
        at: tickAt,
        outcome: 'failed',
        message: String(e),
      });
    }
    if (!(await store.claim(schedule.id, tickAt, next, now.toISOString()))) {
      return undefined;
    }
    return this.#launch(cluster, schedule, tickAt, now);
  }

  /** Launches a claimed tick as the schedule's owner at `now`, and records what it did. */
  async #launch(
    cluster: ClusterState,
    schedule: ScheduleRow,
    tickAt: string,
    now: Date,
  ): Promise<ScheduleTick> {
    const denied = await this.deps
      .ownerCheck(schedule, cluster, now)
      .catch(e => `the owner's permission could not be checked: ${e}`);
    if (denied) {
      return this.#record(schedule, {
        at: tickAt,
        outcome: 'denied',
        message: denied,
      });
    }
    try {
      const { run } = await this.deps.launcher.launch(
        cluster,
        {
          namespace: schedule.namespace,
          workflow: {
            kind: schedule.workflow_kind as 'Workflow' | 'ClusterWorkflow',
            name: schedule.workflow_name,
            ...(schedule.workflow_namespace
              ? { namespace: schedule.workflow_namespace }
              : {}),
          },
          parameters: JSON.parse(schedule.parameters),
          idempotencyKey: tickKey(schedule.id, tickAt),
        },
        schedule.owner,
        { schedule: schedule.id },
      );
      return this.#record(schedule, {
        at: tickAt,
        outcome: 'launched',
        run: `${run.namespace}/${run.name}`,
      });
    } catch (e) {
      this.deps.logger.warn(
        `schedule ${schedule.id}: the tick of ${tickAt} failed: ${e}`,
      );
      return this.#record(schedule, {
        at: tickAt,
        outcome: 'failed',
        message: String(e),
      });
    }
  }

  async #record(schedule: ScheduleRow, tick: ScheduleTick) {
    await this.deps.store.ticks.record(schedule.id, tick);
    return tick;
  }
}
