import {
  Schedule,
  ScheduleTick,
  WorkflowKind,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import type {
  StoredLaunchDecision,
  StoredOwnerDecisions,
  StoredReadDecision,
} from './ownerDecisions';
import { CLAIMED, ScheduleTicks } from './ScheduleTicks';
import { ScheduleCondition } from './scheduleVisibility';

/** A position in the list of a cluster's schedules (oldest first). */
export interface SchedulePosition {
  createdAt: string;
  id: string;
}

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
  /** The owner's launch decision (see ownerDecisions.ts); null until taken. */
  launch_decision?: StoredLaunchDecision['launch_decision'] | null;
  launch_conditions?: string | null;
  launch_decided_at?: string | null;
  /** The owner's workflow read decision, kept the same way; null until taken (and on rows older than its columns). */
  read_decision?: StoredReadDecision['read_decision'] | null;
  read_conditions?: string | null;
  read_decided_at?: string | null;
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

/** The plugin's schedules, in its database (their ticks: ScheduleTicks). */
export class ScheduleStore {
  readonly ticks: ScheduleTicks;

  constructor(private readonly db: Knex) {
    this.ticks = new ScheduleTicks(db);
  }

  /**
   * Inserts a schedule unless its owner already has `cap` on its cluster, in
   * one statement (PostgreSQL also holds a lock per owner for the
   * transaction, which its snapshots need): false when at the cap.
   */
  async insertCapped(row: ScheduleRow, cap: number): Promise<boolean> {
    const { paused: _paused, ...values } = row; // a new schedule runs (the column's default)
    const columns = Object.keys(values);
    return this.db.transaction(async tx => {
      if (tx.client.dialect === 'postgresql') {
        await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
          `ocw_schedules:${row.cluster}:${row.owner}`,
        ]);
      }
      await tx.raw(
        `insert into ocw_schedules (${columns.map(c => `"${c}"`).join(', ')})
         select ${columns.map(() => '?').join(', ')}
         where (select count(*) from ocw_schedules where cluster = ? and owner = ?) < ?`,
        [...Object.values(values), row.cluster, row.owner, cap],
      );
      return !!(await tx('ocw_schedules').where({ id: row.id }).first('id'));
    });
  }

  /** A schedule, if it exists (and meets `visible`). */
  async get(
    id: string,
    visible: ScheduleCondition = () => {},
  ): Promise<ScheduleRow | undefined> {
    return this.db<ScheduleRow>('ocw_schedules')
      .where({ id })
      .andWhere(qb => visible(qb))
      .first();
  }

  /** A cluster's schedules meeting `visible`, oldest first, after `after`, at most `limit`. */
  async page(
    cluster: string,
    visible: ScheduleCondition,
    limit: number,
    after?: SchedulePosition,
  ): Promise<ScheduleRow[]> {
    const query = this.db<ScheduleRow>('ocw_schedules')
      .where({ cluster })
      .andWhere(qb => visible(qb));
    if (after) {
      query.andWhere(qb =>
        qb
          .where('created_at', '>', after.createdAt)
          .orWhere(q =>
            q
              .where('created_at', after.createdAt)
              .andWhere('id', '>', after.id),
          ),
      );
    }
    return query
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(limit);
  }

  /** Changes a schedule; false when it is gone. */
  async update(id: string, changes: Partial<ScheduleRow>): Promise<boolean> {
    return (await this.db('ocw_schedules').where({ id }).update(changes)) > 0;
  }

  /**
   * Keeps the owner's decisions on all of the owner's schedules (of every
   * cluster: the decisions name none), except where newer ones are kept
   * already: two requests of the owner on two replicas may store theirs in
   * either order, and an older ALLOW must not overwrite a newer DENY.
   */
  async keepOwnerDecisions(owner: string, decisions: StoredOwnerDecisions) {
    const olderThan = (column: string, at: string) => (qb: Knex.QueryBuilder) =>
      qb.whereNull(column).orWhere(column, '<', at);
    await this.db('ocw_schedules')
      .where({ owner })
      .andWhere(olderThan('read_decided_at', decisions.read_decided_at))
      .andWhere(olderThan('launch_decided_at', decisions.launch_decided_at))
      .update(decisions);
  }

  /** Deletes a schedule with its ticks (the foreign key cascades; deleted here too for clarity on any database). */
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
   * only if no one has (compare-and-set), and records the claim (outcome
   * `claimed`, at `claimedAt`) in the same transaction: true for exactly one
   * caller per tick. `pause` pauses the schedule in the same update (a
   * schedule that cannot tick again), so no claim of it is left unpaused.
   */
  async claim(
    id: string,
    tickAt: string,
    next: string | null,
    claimedAt: string,
    pause = false,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx('ocw_schedules')
        .where({ id, next_run_at: tickAt })
        .update({ next_run_at: next, ...(pause ? { paused: true } : {}) });
      if (updated !== 1) return false;
      await tx('ocw_schedule_ticks')
        .insert({
          schedule_id: id,
          tick_at: tickAt,
          outcome: CLAIMED,
          claimed_at: claimedAt,
        })
        .onConflict(['schedule_id', 'tick_at'])
        .merge();
      return true;
    });
  }
}
