import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  LogLine,
  RunDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@openchoreo-workflows/plugin-openchoreo-workflows-backend',
  'migrations',
);

/**
 * Times are stored and compared as `toISOString()` text: Kubernetes writes
 * seconds (`...:00Z`) while query bounds carry milliseconds (`...:00.000Z`),
 * and as text `Z` sorts after `.`, which made inclusive bounds miss runs.
 */
function isoTime(value: string | undefined | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export interface ArchiveQuery {
  cluster: string;
  namespace?: string;
  workflowName?: string;
  onlyDeleted?: boolean;
  createdBefore?: string;
  createdAfter?: string;
  limit?: number;
}

/**
 * The plugin's own record of runs and their logs, so history and logs survive
 * pod garbage collection, TTL and deletion.
 */
export class RunArchive {
  private constructor(private readonly db: Knex) {}

  static async create(options: { database: DatabaseService }) {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new RunArchive(db);
  }

  /** For tests: a store on a given knex (migrated here). */
  static async forKnex(db: Knex) {
    await db.migrate.latest({ directory: migrationsDir });
    return new RunArchive(db);
  }

  async upsertRun(run: RunDetail, deletedAt?: string): Promise<void> {
    const row = {
      cluster: run.cluster,
      namespace: run.namespace,
      name: run.name,
      uid: run.uid ?? null,
      workflow_kind: run.workflow.kind,
      workflow_name: run.workflow.name,
      phase: run.phase,
      launched_by: run.launchedBy ?? null,
      created_at: isoTime(run.createdAt),
      completed_at: isoTime(run.completedAt),
      detail: JSON.stringify(run),
      deleted_at: deletedAt ?? null,
    };
    await this.db('ocw_runs')
      .insert(row)
      .onConflict(['cluster', 'namespace', 'name'])
      .merge();
  }

  async markDeleted(
    cluster: string,
    namespace: string,
    name: string,
    at: string,
  ) {
    await this.db('ocw_runs')
      .where({ cluster, namespace, name })
      .whereNull('deleted_at')
      .update({ deleted_at: at });
  }

  async getRun(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<{ run: RunDetail; deletedAt?: string } | undefined> {
    const row = await this.db('ocw_runs')
      .where({ cluster, namespace, name })
      .first();
    if (!row) return undefined;
    return {
      run: JSON.parse(row.detail),
      deletedAt: row.deleted_at ?? undefined,
    };
  }

  async listRuns(q: ArchiveQuery): Promise<RunDetail[]> {
    const query = this.db('ocw_runs').where({ cluster: q.cluster });
    if (q.namespace) query.andWhere({ namespace: q.namespace });
    if (q.workflowName) query.andWhere({ workflow_name: q.workflowName });
    if (q.onlyDeleted) query.whereNotNull('deleted_at');
    if (q.createdBefore) {
      query.andWhere('created_at', '<=', isoTime(q.createdBefore)!);
    }
    if (q.createdAfter) {
      query.andWhere('created_at', '>=', isoTime(q.createdAfter)!);
    }
    // Runs without a creation time last on every database (PostgreSQL puts NULLs first in DESC).
    // (knex's `nulls: 'last'` reverses the order on SQLite, so it is spelled out.)
    query.orderByRaw('CASE WHEN created_at IS NULL THEN 1 ELSE 0 END').orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'namespace', order: 'desc' },
      { column: 'name', order: 'desc' },
    ]);
    if (q.limit) query.limit(q.limit);
    const rows = await query.select('detail');
    return rows.map(r => JSON.parse(r.detail));
  }

  async saveLogs(
    key: { cluster: string; namespace: string; name: string; task: string },
    lines: LogLine[],
    complete: boolean,
  ) {
    await this.db('ocw_run_logs')
      .insert({ ...key, lines: JSON.stringify(lines), complete })
      .onConflict(['cluster', 'namespace', 'name', 'task'])
      .merge();
  }

  async getLogs(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<Array<{ task: string; lines: LogLine[]; complete: boolean }>> {
    const rows = await this.db('ocw_run_logs').where({
      cluster,
      namespace,
      name,
    });
    return rows.map(r => ({
      task: r.task,
      lines: JSON.parse(r.lines),
      complete: Boolean(r.complete),
    }));
  }

  async findLaunch(cluster: string, userRef: string, key: string) {
    const row = await this.db('ocw_launches')
      .where({ cluster, user_ref: userRef, idempotency_key: key })
      .first();
    return row
      ? { namespace: row.run_namespace as string, name: row.run_name as string }
      : undefined;
  }

  async recordLaunch(
    cluster: string,
    userRef: string,
    key: string,
    run: { namespace: string; name: string },
  ) {
    await this.db('ocw_launches')
      .insert({
        cluster,
        user_ref: userRef,
        idempotency_key: key,
        run_namespace: run.namespace,
        run_name: run.name,
        created_at: new Date().toISOString(),
      })
      .onConflict(['cluster', 'user_ref', 'idempotency_key'])
      .ignore();
  }
}
