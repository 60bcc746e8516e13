import {
  Schedule,
  ScheduleTick,
  WorkflowKind,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';

/** How many ticks of a schedule are kept (the newest). */
const TICKS_KEPT = 20;

/** A schedule as stored, before the API's shape. */
export interface ScheduleRow {
  id: string;
  cluster: string;
  workflow_kind: string;
  workflow_name: string;
  workflow_namespace: string | null;
  namespace: string;
  parameters: string;
  cron: string;
  timezone: string;
  paused: boolean | number;
  owner: string;
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export function toSchedule(
  row: ScheduleRow,
  lastTick?: ScheduleTick,
): Schedule {
  const kind = row.workflow_kind as WorkflowKind;
  return {
    id: row.id,
    cluster: row.cluster,
    workflow: {
      kind,
      name: row.workflow_name,
      ...(row.workflow_namespace ? { namespace: row.workflow_namespace } : {}),
    },
    namespace: row.namespace,
    parameters: JSON.parse(row.parameters),
    cron: row.cron,
    timezone: row.timezone,
    paused: !!row.paused,
    owner: row.owner,
    ...(row.next_run_at ? { nextRunAt: row.next_run_at } : {}),
    ...(lastTick ? { lastTick } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The plugin's schedules and their ticks, in its database. */
export class ScheduleStore {
  constructor(private readonly db: Knex) {}

  async insert(row: ScheduleRow): Promise<void> {
    await this.db('ocw_schedules').insert(row);
  }

  async get(id: string): Promise<ScheduleRow | undefined> {
    return this.db<ScheduleRow>('ocw_schedules').where({ id }).first();
  }

  /** A cluster's schedules, oldest first, at most `limit`. */
  async list(cluster: string, limit: number): Promise<ScheduleRow[]> {
    return this.db<ScheduleRow>('ocw_schedules')
      .where({ cluster })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(limit);
  }

  async count(cluster: string, owner: string): Promise<number> {
    const [{ n }] = await this.db('ocw_schedules')
      .where({ cluster, owner })
      .count({ n: '*' });
    return Number(n);
  }

  /** Changes a schedule; false when it is gone. */
  async update(id: string, changes: Partial<ScheduleRow>): Promise<boolean> {
    return (await this.db('ocw_schedules').where({ id }).update(changes)) > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      await tx('ocw_schedule_ticks').where({ schedule_id: id }).delete();
      return (await tx('ocw_schedules').where({ id }).delete()) > 0;
    });
  }

  /** Schedules of a cluster whose tick is due at `now`, the most overdue first. */
  async due(cluster: string, now: string, limit: number) {
    return this.db<ScheduleRow>('ocw_schedules')
      .where({ cluster })
      .whereNotNull('next_run_at')
      .andWhere('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(limit);
  }

  /**
   * Takes the tick `tickAt` of a schedule by moving its next run to `next`,
   * only if no one has (compare-and-set): true for exactly one caller per tick.
   */
  async claim(
    id: string,
    tickAt: string,
    next: string | null,
  ): Promise<boolean> {
    const updated = await this.db('ocw_schedules')
      .where({ id, next_run_at: tickAt })
      .update({ next_run_at: next });
    return updated === 1;
  }

  /** Records what a tick did, keeping the newest few. */
  async recordTick(id: string, tick: ScheduleTick): Promise<void> {
    await this.db('ocw_schedule_ticks')
      .insert({
        schedule_id: id,
        tick_at: tick.at,
        outcome: tick.outcome,
        run: tick.run ?? null,
        message: tick.message?.slice(0, 2000) ?? null,
      })
      .onConflict(['schedule_id', 'tick_at'])
      .merge();
    const kept = this.db('ocw_schedule_ticks')
      .select('tick_at')
      .where({ schedule_id: id })
      .orderBy('tick_at', 'desc')
      .limit(TICKS_KEPT);
    await this.db('ocw_schedule_ticks')
      .where({ schedule_id: id })
      .whereNotIn('tick_at', kept)
      .delete();
  }

  /** The newest ticks of a schedule, newest first. */
  async ticks(id: string, limit = TICKS_KEPT): Promise<ScheduleTick[]> {
    const rows = await this.db('ocw_schedule_ticks')
      .where({ schedule_id: id })
      .orderBy('tick_at', 'desc')
      .limit(limit);
    return rows.map(r => ({
      at: r.tick_at,
      outcome: r.outcome,
      ...(r.run ? { run: r.run } : {}),
      ...(r.message ? { message: r.message } : {}),
    }));
  }
}
