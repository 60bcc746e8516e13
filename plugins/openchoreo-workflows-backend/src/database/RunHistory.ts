import {
  RunDetail,
  RunSummary,
  runSummaryOf,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import {
  comparePositions,
  RunPosition,
  sortableTime,
} from '../cache/runPosition';

/** Filters of `GET /runs` the database answers from its indexes. */
export interface ArchivedRunsQuery {
  cluster: string;
  workflowName?: string;
  workflowKind?: string;
  namespace?: string;
  phases?: string[];
  launchedBy?: string;
  /** Only runs a schedule launched. */
  scheduleId?: string;
  /** Inclusive bounds on the creation time (any ISO form). */
  since?: string;
  until?: string;
  /** Only runs strictly after this position (a cursor). */
  after?: RunPosition;
  /** Only runs strictly before this position (newer: what a page can still take). */
  before?: Required<RunPosition>;
  limit: number;
}

export interface ArchivedRun {
  position: Required<RunPosition>;
  summary: RunSummary;
}

export interface RetentionPolicy {
  /** Archived runs created longer ago than this are removed. */
  days?: number;
  /** At most this many archived runs are kept per workflow (kind and name), the newest. */
  runsPerWorkflow?: number;
}

const ORDER = [
  { column: 'created_at', order: 'desc' },
  { column: 'sort_key', order: 'desc' },
  { column: 'uid', order: 'desc' },
];

/** The row's position compared with a cursor, as the keyset indexes hold it. */
function positionClause(op: '<' | '>', p: RunPosition): [string, string[]] {
  return p.u === undefined
    ? [`(created_at, sort_key) ${op} (?, ?)`, [p.c, p.k]]
    : [`(created_at, sort_key, uid) ${op} (?, ?, ?)`, [p.c, p.k, p.u]];
}

/** Above every real `sort_key` and uid (they are ASCII). */
const TOP = '\uffff';

/** The tighter of the cursor and `until` (inclusive) as an exclusive position. */
function upperBound(q: ArchivedRunsQuery): RunPosition | undefined {
  const until = q.until
    ? { c: sortableTime(q.until), k: TOP, u: TOP }
    : undefined;
  if (!until) return q.after;
  if (!q.after) return until;
  return comparePositions(q.after, until) > 0 ? q.after : until;
}

/** A run as history pages show it once it left the cluster (without steps, conditions, outputs). */
export function toArchivedSummary(detail: RunDetail): RunSummary {
  return { ...runSummaryOf(detail), archived: true };
}

/**
 * History of the runs that left the cluster, read a page at a time with
 * keyset paging: every query is `ORDER BY created_at, sort_key, uid DESC
 * LIMIT n` after a position, on a partial index over archived runs that starts
 * with the filter's column, so a page deep in a million runs costs what the
 * first one does. Also removes what the retention policy no longer keeps.
 */
export class RunHistory {
  constructor(private readonly db: Knex) {}

  /** Up to `limit` archived runs after `q.after`, newest first. */
  async page(q: ArchivedRunsQuery): Promise<ArchivedRun[]> {
    const rows = await this.pageQuery(q);
    return rows.map((r: any) => ({
      position: { c: r.created_at, k: r.sort_key, u: r.uid },
      // Rows written before the summary column: from the detail.
      summary: r.summary
        ? JSON.parse(r.summary)
        : toArchivedSummary(JSON.parse(r.detail)),
    }));
  }

  /** The query of a page (its plan is tested: an index scan, no sort). */
  pageQuery(q: ArchivedRunsQuery): Knex.QueryBuilder {
    const query = this.db('ocw_runs')
      .where({ cluster: q.cluster })
      .whereNotNull('deleted_at');
    if (q.workflowName) query.andWhere({ workflow_name: q.workflowName });
    if (q.workflowKind) query.andWhere({ workflow_kind: q.workflowKind });
    if (q.namespace) query.andWhere({ namespace: q.namespace });
    if (q.launchedBy) query.andWhere({ launched_by: q.launchedBy });
    if (q.scheduleId) query.andWhere({ schedule_id: q.scheduleId });
    if (q.phases?.length) query.whereIn('phase', q.phases);
    if (q.since) query.andWhere('created_at', '>=', sortableTime(q.since));
    if (q.until) query.andWhere('created_at', '<>', '');
    // One upper bound as a row value: SQLite plans `created_at <= ?` beside
    // a row-value bound as a skip-scan plus a sort of every match.
    const bound = upperBound(q);
    if (bound) query.andWhereRaw(...positionClause('<', bound));
    if (q.before) query.andWhereRaw(...positionClause('>', q.before));
    return query
      .orderBy(ORDER)
      .limit(q.limit)
      .select(
        'created_at',
        'sort_key',
        'uid',
        'summary',
        this.db.raw('CASE WHEN summary IS NULL THEN detail END AS detail'),
      );
  }

  /**
   * Removes archived runs (and their logs) the policy no longer keeps, at most
   * `maxRows` per call, in batches. Runs still in the cluster are never touched.
   */
  async applyRetention(
    policy: RetentionPolicy,
    options: { now: Date; batchSize?: number; maxRows?: number },
  ): Promise<number> {
    const batchSize = options.batchSize ?? 500;
    let budget = options.maxRows ?? 100_000;
    let removed = 0;
    const removeWhile = async (select: () => Knex.QueryBuilder) => {
      while (budget > 0) {
        const keys = await select()
          .whereNotNull('deleted_at')
          .limit(Math.min(batchSize, budget))
          .select('cluster', 'uid');
        if (keys.length === 0) return;
        await this.#remove(keys);
        removed += keys.length;
        budget -= keys.length;
        if (keys.length < batchSize) return;
      }
    };
    if (policy.days !== undefined) {
      const cutoff = new Date(
        options.now.getTime() - policy.days * 86_400_000,
      ).toISOString();
      await removeWhile(() =>
        this.db('ocw_runs').where('created_at', '<', cutoff),
      );
    }
    if (policy.runsPerWorkflow !== undefined) {
      const workflows = await this.db('ocw_runs')
        .whereNotNull('deleted_at')
        .distinct('cluster', 'workflow_kind', 'workflow_name');
      for (const w of workflows) {
        const ofWorkflow = () =>
          this.db('ocw_runs').where(w).whereNotNull('deleted_at');
        const oldestKept = await ofWorkflow()
          .orderBy(ORDER)
          .offset(Math.max(policy.runsPerWorkflow - 1, 0))
          .first('created_at', 'sort_key', 'uid');
        if (!oldestKept) continue;
        const p = {
          c: oldestKept.created_at,
          k: oldestKept.sort_key,
          u: oldestKept.uid,
        };
        await removeWhile(() =>
          policy.runsPerWorkflow === 0
            ? ofWorkflow()
            : ofWorkflow().whereRaw(...positionClause('<', p)),
        );
      }
    }
    return removed;
  }

  async #remove(keys: Array<{ cluster: string; uid: string }>) {
    await this.db.transaction(async trx => {
      const byCluster = new Map<string, string[]>();
      for (const k of keys) {
        byCluster.set(k.cluster, [...(byCluster.get(k.cluster) ?? []), k.uid]);
      }
      for (const [cluster, uids] of byCluster) {
        for (const table of ['ocw_run_log_chunks', 'ocw_run_log_steps']) {
          await trx(table).where({ cluster }).whereIn('run_uid', uids).delete();
        }
        await trx('ocw_runs')
          .where({ cluster })
          .whereIn('uid', uids)
          .whereNotNull('deleted_at')
          .delete();
      }
    });
  }
}
