import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  LogLine,
  resourceVersionNumber,
  RunDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import { sortableTime } from '../cache/runPosition';
import { LaunchClaims } from './LaunchClaims';
import { appendLogs, readLogs, StepLog } from './logChunks';
import { migrateLatest } from './migrate';
import { RunHistory, toArchivedSummary } from './RunHistory';

// Which versions compare, and how, is common's rule (compareResourceVersions).
export { resourceVersionNumber };
/** A run as the archive names it: by uid when known, else by namespace/name. */
export interface RunRef {
  cluster: string;
  namespace: string;
  name: string;
  uid?: string;
}

/** The archive's key of a run: its uid ('nouid:<namespace>/<name>' when it has none). */
export const archiveUid = (run: {
  namespace: string;
  name: string;
  uid?: string;
}) => run.uid || `nouid:${run.namespace}/${run.name}`;

export interface UpsertOptions {
  /** When the run left the cluster; once set it is never cleared. */
  deletedAt?: string;
  /** `metadata.resourceVersion` of the object `run` was made from. */
  resourceVersion?: string;
  /**
   * Records a stop from Backstage (who stopped it): `run` is its outcome,
   * kept over every later write of the run (see upsertRun).
   */
  stoppedBy?: string;
  /**
   * The run finished but its outputs could not be read: a later write of the
   * same version that has them may replace this one.
   */
  outputsMissing?: boolean;
}

/** The `ocw_runs` row of a run (exported for bulk loads in benchmarks). */
export function archiveRow(run: RunDetail, options: UpsertOptions = {}) {
  const rv = options.resourceVersion;
  return {
    cluster: run.cluster,
    uid: archiveUid(run),
    namespace: run.namespace,
    name: run.name,
    sort_key: `${run.namespace}/${run.name}`,
    workflow_kind: run.workflow.kind,
    workflow_name: run.workflow.name,
    phase: run.phase,
    launched_by: run.launchedBy ?? null,
    schedule_id: run.schedule ?? null,
    created_at: sortableTime(run.createdAt),
    completed_at: run.completedAt ? sortableTime(run.completedAt) : null,
    detail: JSON.stringify(run),
    summary: JSON.stringify(toArchivedSummary(run)),
    deleted_at: options.deletedAt ?? null,
    resource_version: rv ?? null,
    rv_number: resourceVersionNumber(rv) ?? null,
    stopped_by: options.stoppedBy ?? null,
    outputs_missing: options.outputsMissing ?? false,
  };
}

/**
 * The plugin's own record of runs and their logs, so history and logs survive
 * pod garbage collection, TTL and deletion. Runs are keyed by uid: a run
 * re-created with the same name is another run, with its own logs.
 */
export class RunArchive {
  readonly history: RunHistory;
  /** Idempotency keys of launches, claimed before the run is created. */
  readonly launches: LaunchClaims;

  private constructor(private readonly db: Knex) {
    this.history = new RunHistory(db);
    this.launches = new LaunchClaims(db);
  }

  static async create(options: { database: DatabaseService }) {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrateLatest(db);
    }
    return new RunArchive(db);
  }

  /** For tests and benchmarks: a store on a given knex (migrated here). */
  static async forKnex(db: Knex) {
    await migrateLatest(db);
    return new RunArchive(db);
  }

  /**
   * Writes a run, guarded (common's compareResourceVersions, in SQL): a write
   * never replaces a newer version of the run, nor the same one (every
   * replica, and a restart's re-list, archive the same change: the first
   * writes it), except to record its deletion. Kubernetes calls
   * resourceVersions opaque, so they are compared only when both are decimal
   * integers (as the kube-apiserver's are: etcd revisions); otherwise, or
   * when either is unknown, the write wins, and the order is the one this
   * backend's cache saw the changes in (it archives them one at a time, in
   * order). A deletion time, once recorded, stays (no run comes back from the
   * dead). A write of the version held that has the outputs the held one
   * could not read is let through. A stop's outcome is the run's last word: the first stop is
   * written whatever was written since the version it was made from (the
   * deletion may be archived first), never taking the version back, and
   * later writes keep it (they only advance the version and the deletion
   * time). Returns false when the guard refused the write.
   */
  async upsertRun(
    run: RunDetail,
    options: UpsertOptions = {},
  ): Promise<boolean> {
    const row = archiveRow(run, options);
    const stop = 'excluded.stopped_by IS NOT NULL';
    const newer = 'ocw_runs.rv_number > excluded.rv_number';
    const outcome = (column: string) =>
      this.db.raw(
        `CASE WHEN ocw_runs.stopped_by IS NULL THEN excluded.${column} ELSE ocw_runs.${column} END`,
      );
    const version = (column: string) =>
      this.db.raw(
        `CASE WHEN ${stop} AND ${newer} THEN ocw_runs.${column} ELSE excluded.${column} END`,
      );
    const written = await this.db('ocw_runs')
      .insert(row)
      .onConflict(['cluster', 'uid'])
      .merge({
        ...row,
        ...Object.fromEntries(
          ['phase', 'completed_at', 'detail', 'summary', 'stopped_by'].map(
            c => [c, outcome(c)],
          ),
        ),
        resource_version: version('resource_version'),
        rv_number: version('rv_number'),
        deleted_at: this.db.raw(
          'COALESCE(ocw_runs.deleted_at, excluded.deleted_at)',
        ),
      })
      .where(q =>
        q
          .where(write =>
            write.whereRaw(`NOT (${stop})`).where(guard =>
              guard
                .whereNull('ocw_runs.rv_number')
                .orWhereRaw('excluded.rv_number IS NULL')
                .orWhereRaw('ocw_runs.rv_number < excluded.rv_number')
                .orWhere(same =>
                  same
                    .whereRaw('ocw_runs.rv_number = excluded.rv_number')
                    .whereNull('ocw_runs.deleted_at')
                    .whereRaw('excluded.deleted_at IS NOT NULL'),
                )
                .orWhere(fillsOutputs =>
                  fillsOutputs
                    .whereRaw('ocw_runs.rv_number = excluded.rv_number')
                    .where('ocw_runs.outputs_missing', true)
                    .whereRaw('excluded.outputs_missing = ?', [false]),
                ),
            ),
          )
          .orWhere(stopWrite =>
            stopWrite.whereRaw(stop).whereNull('ocw_runs.stopped_by'),
          ),
      )
      .returning('uid');
    return written.length > 0;
  }

  /** The run with this uid, else the newest run of that name. */
  async getRun(
    cluster: string,
    namespace: string,
    name: string,
    uid?: string,
  ): Promise<{ run: RunDetail; deletedAt?: string } | undefined> {
    const row = await this.#byRef({ cluster, namespace, name, uid })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .first('detail', 'deleted_at');
    if (!row) return undefined;
    return {
      run: JSON.parse(row.detail),
      deletedAt: row.deleted_at ?? undefined,
    };
  }

  /**
   * Appends what is new in a step's log: `lines` is the log as read from
   * line `from` on (the whole log by default), only the lines past what is
   * stored are written (never the whole log again).
   */
  async saveLogs(
    key: RunRef & { task: string },
    lines: LogLine[],
    complete: boolean,
    from = 0,
  ) {
    const runUid = await this.#uidOf(key);
    await appendLogs(
      this.db,
      { cluster: key.cluster, runUid, task: key.task },
      lines,
      complete,
      from,
    );
  }

  /** Every archived step log of a run, or one step's (uid absent: the newest run of that name). */
  async getLogs(
    cluster: string,
    namespace: string,
    name: string,
    uid?: string,
    task?: string,
  ): Promise<Array<Pick<StepLog, 'task' | 'lines' | 'complete'>>> {
    const runUid = await this.#uidOf({ cluster, namespace, name, uid });
    return (await readLogs(this.db, { cluster, runUid, task })).map(log => ({
      task: log.task,
      lines: log.lines,
      complete: log.complete,
    }));
  }

  /** A window of one step's archived lines, by line offset. */
  async getLogRange(
    ref: RunRef,
    range: { task: string; offset: number; limit: number },
  ): Promise<StepLog | undefined> {
    const runUid = await this.#uidOf(ref);
    const [step] = await readLogs(
      this.db,
      { cluster: ref.cluster, runUid },
      range,
    );
    return step;
  }

  #byRef(ref: RunRef) {
    return ref.uid
      ? this.db('ocw_runs').where({ cluster: ref.cluster, uid: ref.uid })
      : this.db('ocw_runs').where({
          cluster: ref.cluster,
          namespace: ref.namespace,
          name: ref.name,
        });
  }

  /** The archive key of a ref without uid: its newest run of that name. */
  async #uidOf(ref: RunRef): Promise<string> {
    if (ref.uid) return ref.uid;
    const row = await this.#byRef(ref)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .first('uid');
    return row?.uid ?? archiveUid(ref);
  }
}
