// @ts-check

/**
 * The archive at scale (issue 13):
 * - runs keyed by their uid: a run re-created with the same name is another row
 *   (namespace and name stay, indexed);
 * - `resource_version` as Kubernetes wrote it, and `rv_number`, the same as an
 *   integer when it is one, for the write guard (see RunArchive.upsertRun);
 * - `created_at` (ISO text with milliseconds, '' when unknown) and `sort_key`
 *   (`namespace/name`) give history its order: newest first, then `sort_key`,
 *   then `uid`, all descending. A keyset index per history filter, only over
 *   the runs that left the cluster (the live ones are served from the cache);
 * - `summary`, the run as a history page shows it, so that a page does not
 *   parse every run's steps (a run of a large DAG has hundreds);
 * - step logs in append-only chunks, read by line offset.
 * On PostgreSQL the ordered text columns use the "C" collation, so that the
 * database orders them as JavaScript and SQLite do (by code unit).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const postgres = knex.client.dialect === 'postgresql';
  const text = postgres ? 'varchar(255) COLLATE "C"' : 'varchar(255)';
  const order = ['created_at', 'sort_key', 'uid'];

  await knex.schema.renameTable('ocw_runs', 'ocw_runs_by_name');
  await knex.schema.createTable('ocw_runs', table => {
    table.comment(
      'Every WorkflowRun the plugin has seen, by uid, kept after the cluster forgets it',
    );
    table.string('cluster').notNullable();
    table
      .specificType('uid', `${text} NOT NULL`)
      .comment('metadata.uid, or nouid:<namespace>/<name> when it had none');
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table
      .specificType('sort_key', `${text} NOT NULL`)
      .comment('namespace/name, the order after created_at');
    table.string('workflow_kind').notNullable();
    table.string('workflow_name').notNullable();
    table.string('phase').notNullable();
    table.string('launched_by');
    table
      .specificType('created_at', `${text} NOT NULL DEFAULT ''`)
      .comment(
        'ISO time with milliseconds the run was created, empty if unknown',
      );
    table.string('completed_at');
    table.text('detail').notNullable().comment('RunDetail JSON');
    table
      .text('summary')
      .comment('RunSummary JSON, what history pages read (null: from detail)');
    table.string('deleted_at').comment('ISO time the run left the cluster');
    table.string('resource_version').comment('metadata.resourceVersion');
    table
      .bigInteger('rv_number')
      .comment('resource_version when it is a decimal integer, for the guard');
    table.primary(['cluster', 'uid'], 'ocw_runs_uid_pkey');
    table.index(['cluster', 'namespace', 'name'], 'ocw_runs_name_idx');
  });
  const deleted = knex.whereNotNull('deleted_at');
  /** @type {Array<{ name: string, columns: string[] }>} */
  const keyset = [
    { name: 'ocw_runs_hist_idx', columns: [] },
    { name: 'ocw_runs_hist_workflow_idx', columns: ['workflow_name'] },
    { name: 'ocw_runs_hist_namespace_idx', columns: ['namespace'] },
    { name: 'ocw_runs_hist_phase_idx', columns: ['phase'] },
    { name: 'ocw_runs_hist_launcher_idx', columns: ['launched_by'] },
  ];
  for (const { name, columns } of keyset) {
    await knex.schema.alterTable('ocw_runs', table => {
      table.index(['cluster', ...columns, ...order], name, {
        predicate: deleted,
      });
    });
  }
  await knex.raw(
    `INSERT INTO ocw_runs (cluster, uid, namespace, name, sort_key,
       workflow_kind, workflow_name, phase, launched_by, created_at,
       completed_at, detail, deleted_at)
     SELECT cluster, COALESCE(uid, 'nouid:' || namespace || '/' || name),
       namespace, name, namespace || '/' || name, workflow_kind, workflow_name,
       phase, launched_by, COALESCE(created_at, ''), completed_at, detail,
       deleted_at
     FROM ocw_runs_by_name`,
  );

  await knex.schema.createTable('ocw_run_log_steps', table => {
    table.comment(
      'The archived log of a step: how many lines, and whether complete',
    );
    table.string('cluster').notNullable();
    table.string('run_uid').notNullable();
    table.string('task').notNullable();
    table.integer('line_count').notNullable().defaultTo(0);
    table.boolean('complete').notNullable().defaultTo(false);
    table.primary(['cluster', 'run_uid', 'task'], 'ocw_run_log_steps_pkey');
  });
  await knex.schema.createTable('ocw_run_log_chunks', table => {
    table.comment('Log lines of a step, appended in chunks, never rewritten');
    table.string('cluster').notNullable();
    table.string('run_uid').notNullable();
    table.string('task').notNullable();
    table
      .integer('start_line')
      .notNullable()
      .comment('offset of its first line');
    table.integer('line_count').notNullable();
    table.text('lines').notNullable().comment('JSON array of log lines');
    table.primary(
      ['cluster', 'run_uid', 'task', 'start_line'],
      'ocw_run_log_chunks_pkey',
    );
  });
  const length = postgres
    ? 'json_array_length(l.lines::json)'
    : 'json_array_length(l.lines)';
  const runUid = `COALESCE(r.uid, 'nouid:' || l.namespace || '/' || l.name)`;
  const from = `FROM ocw_run_logs l LEFT JOIN ocw_runs_by_name r
    ON r.cluster = l.cluster AND r.namespace = l.namespace AND r.name = l.name`;
  await knex.raw(
    `INSERT INTO ocw_run_log_chunks (cluster, run_uid, task, start_line, line_count, lines)
     SELECT l.cluster, ${runUid}, l.task, 0, ${length}, l.lines ${from}
     WHERE ${length} > 0`,
  );
  await knex.raw(
    `INSERT INTO ocw_run_log_steps (cluster, run_uid, task, line_count, complete)
     SELECT l.cluster, ${runUid}, l.task, ${length}, l.complete ${from}`,
  );
  await knex.schema.dropTable('ocw_run_logs');
  await knex.schema.dropTable('ocw_runs_by_name');
};

/**
 * Back to one row per namespace/name (the newest run of a name wins) and one
 * log row per step.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.renameTable('ocw_runs', 'ocw_runs_by_uid');
  await knex.schema.createTable('ocw_runs', table => {
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('uid');
    table.string('workflow_kind').notNullable();
    table.string('workflow_name').notNullable();
    table.string('phase').notNullable();
    table.string('launched_by');
    table.string('created_at');
    table.string('completed_at');
    table.text('detail').notNullable();
    table.string('deleted_at');
    table.primary(['cluster', 'namespace', 'name']);
    table.index(['created_at'], 'ocw_runs_created_idx');
    table.index(['workflow_name'], 'ocw_runs_workflow_idx');
  });
  const rows = await knex('ocw_runs_by_uid').orderBy('created_at', 'asc');
  for (const r of rows) {
    await knex('ocw_runs')
      .insert({
        cluster: r.cluster,
        namespace: r.namespace,
        name: r.name,
        uid: r.uid.startsWith('nouid:') ? null : r.uid,
        workflow_kind: r.workflow_kind,
        workflow_name: r.workflow_name,
        phase: r.phase,
        launched_by: r.launched_by,
        created_at: r.created_at || null,
        completed_at: r.completed_at,
        detail: r.detail,
        deleted_at: r.deleted_at,
      })
      .onConflict(['cluster', 'namespace', 'name'])
      .merge();
  }
  await knex.schema.createTable('ocw_run_logs', table => {
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('task').notNullable();
    table.text('lines').notNullable();
    table.boolean('complete').notNullable().defaultTo(false);
    table.primary(['cluster', 'namespace', 'name', 'task']);
  });
  const runs = await knex('ocw_runs').whereNotNull('uid');
  for (const run of runs) {
    const steps = await knex('ocw_run_log_steps').where({
      cluster: run.cluster,
      run_uid: run.uid,
    });
    for (const step of steps) {
      const chunks = await knex('ocw_run_log_chunks')
        .where({ cluster: run.cluster, run_uid: run.uid, task: step.task })
        .orderBy('start_line');
      await knex('ocw_run_logs').insert({
        cluster: run.cluster,
        namespace: run.namespace,
        name: run.name,
        task: step.task,
        lines: JSON.stringify(chunks.flatMap(c => JSON.parse(c.lines))),
        complete: step.complete,
      });
    }
  }
  await knex.schema.dropTable('ocw_run_log_chunks');
  await knex.schema.dropTable('ocw_run_log_steps');
  await knex.schema.dropTable('ocw_runs_by_uid');
};
