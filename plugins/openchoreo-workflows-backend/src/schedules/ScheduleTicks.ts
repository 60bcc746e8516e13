import { ScheduleTick } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import type { ScheduleRow } from './ScheduleStore';

/** How many ticks of a schedule are kept (the newest). */
const TICKS_KEPT = 20;

/** The outcome of a tick claimed and not launched yet (listed as such until it is). */
export const CLAIMED = 'claimed';

/** A tick claimed by a replica and not launched, with its schedule. */
export interface ClaimedTick {
  schedule: ScheduleRow;
  tickAt: string;
  claimedAt: string;
}

/** The ticks of schedules: claims not launched yet, and what the newest ticks did. */
export class ScheduleTicks {
  constructor(private readonly db: Knex) {}

  /** A cluster's ticks claimed at or before `before` and not launched (their claimer died), the oldest first. */
  async stale(
    cluster: string,
    before: string,
    limit: number,
  ): Promise<ClaimedTick[]> {
    const rows = await this.db('ocw_schedule_ticks as t')
      .join('ocw_schedules as s', 's.id', 't.schedule_id')
      .where({ 't.outcome': CLAIMED, 's.cluster': cluster })
      .andWhere('t.claimed_at', '<=', before)
      .orderBy('t.claimed_at')
      .limit(limit)
      .select('s.*', 't.tick_at as tick_at', 't.claimed_at as claimed_at');
    return rows.map(({ tick_at, claimed_at, ...schedule }) => ({
      schedule: schedule as ScheduleRow,
      tickAt: tick_at,
      claimedAt: claimed_at,
    }));
  }

  /** Takes over a stale claim (compare-and-set on its claim time): true for exactly one caller. */
  async reclaim(claimed: ClaimedTick, now: string): Promise<boolean> {
    const updated = await this.db('ocw_schedule_ticks')
      .where({
        schedule_id: claimed.schedule.id,
        tick_at: claimed.tickAt,
        outcome: CLAIMED,
        claimed_at: claimed.claimedAt,
      })
      .update({ claimed_at: now });
    return updated === 1;
  }

  /** Records what a tick did, keeping the newest few; nothing when the schedule was deleted meanwhile. */
  async record(id: string, tick: ScheduleTick): Promise<void> {
    try {
      await this.db('ocw_schedule_ticks')
        .insert({
          schedule_id: id,
          tick_at: tick.at,
          outcome: tick.outcome,
          run: tick.run ?? null,
          message: tick.message?.slice(0, 2000) ?? null,
          claimed_at: null,
        })
        .onConflict(['schedule_id', 'tick_at'])
        .merge();
    } catch (e) {
      // The foreign key refuses the ticks of a deleted schedule.
      if (!(await this.db('ocw_schedules').where({ id }).first())) return;
      throw e;
    }
    const kept = this.db('ocw_schedule_ticks')
      .select('tick_at')
      .where({ schedule_id: id })
      .orderBy('tick_at', 'desc')
      .limit(TICKS_KEPT);
    await this.db('ocw_schedule_ticks')
      .where({ schedule_id: id })
      .whereNot({ outcome: CLAIMED })
      .whereNotIn('tick_at', kept)
      .delete();
  }

  /** The newest ticks of a schedule, claims not launched yet included (outcome `claimed`), newest first. */
  async history(id: string, limit = TICKS_KEPT): Promise<ScheduleTick[]> {
    const rows = await this.db('ocw_schedule_ticks')
      .where({ schedule_id: id })
      .orderBy('tick_at', 'desc')
      .limit(limit);
    return rows.map(toTick);
  }

  /** The newest tick of each schedule (a claim not launched yet included), by schedule id, in one query. */
  async last(ids: string[]): Promise<Map<string, ScheduleTick>> {
    if (ids.length === 0) return new Map();
    const newest = this.db('ocw_schedule_ticks')
      .whereIn('schedule_id', ids)
      .groupBy('schedule_id')
      .select('schedule_id')
      .max({ at: 'tick_at' });
    const rows = await this.db('ocw_schedule_ticks as t')
      .join(newest.as('n'), q =>
        q.on('n.schedule_id', 't.schedule_id').andOn('n.at', 't.tick_at'),
      )
      .select('t.*');
    return new Map(rows.map(r => [r.schedule_id, toTick(r)]));
  }
}

function toTick(r: any): ScheduleTick {
  return {
    at: r.tick_at,
    outcome: r.outcome,
    ...(r.run ? { run: r.run } : {}),
    ...(r.message ? { message: r.message } : {}),
  };
}
