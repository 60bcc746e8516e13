// @ts-check

/**
 * Scheduled runs (issue 15):
 * - `ocw_schedules`: a workflow, the runs' namespace, parameters and a cron
 *   expression read in a time zone, launched as its owner. `next_run_at` (ISO
 *   UTC with milliseconds, so text order is time order; null while paused) is
 *   what a tick claims with a compare-and-set, so one replica launches a tick;
 * - `ocw_schedule_ticks`: what the latest ticks of a schedule did (launched,
 *   denied, failed), keyed by schedule and tick time;
 * - `ocw_runs.schedule_id`: the schedule that launched an archived run, with a
 *   keyset index for `GET /runs?schedule=` over archived runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const postgres = knex.client.dialect === 'postgresql';
  const text = postgres ? 'varchar(255) COLLATE "C"' : 'varchar(255)';
  await knex.schema.createTable('ocw_schedules', table => {
    table.comment('Workflow launches repeated on a cron schedule');
    table.string('id').primary().comment('a UUID');
    table.string('cluster').notNullable();
    table.string('workflow_kind').notNullable();
    table.string('workflow_name').notNullable();
    table
      .string('workflow_namespace')
      .comment('the namespace of a Workflow; null for a ClusterWorkflow');
    table.string('namespace').notNullable().comment('where the runs go');
    table.text('parameters').notNullable().comment('JSON object');
    table.string('cron').notNullable();
    table.string('timezone').notNullable().comment('IANA time zone');
    table.boolean('paused').notNullable().defaultTo(false);
    table
      .string('owner')
      .notNullable()
      .comment('entity ref of the creator; runs are launched as them');
    table
      .specificType('next_run_at', text)
      .comment('ISO UTC time of the next tick; null while paused');
    table.string('created_at').notNullable();
    table.string('updated_at').notNullable();
    table.index(['next_run_at'], 'ocw_schedules_due_idx');
    table.index(['cluster', 'owner'], 'ocw_schedules_owner_idx');
  });
  await knex.schema.createTable('ocw_schedule_ticks', table => {
    table.comment('What the ticks of a schedule did (the newest few are kept)');
    table.string('schedule_id').notNullable();
    table.specificType('tick_at', `${text} NOT NULL`).comment('ISO UTC');
    table.string('outcome').notNullable().comment('launched, denied, failed');
    table.string('run').comment('namespace/name of the run launched');
    table.text('message');
    table.primary(['schedule_id', 'tick_at'], 'ocw_schedule_ticks_pkey');
  });
  await knex.schema.alterTable('ocw_runs', table => {
    table.string('schedule_id').comment('the schedule that launched it');
  });
  await knex.schema.alterTable('ocw_runs', table => {
    table.index(
      ['cluster', 'schedule_id', 'created_at', 'sort_key', 'uid'],
      'ocw_runs_hist_schedule_idx',
      { predicate: knex.whereNotNull('deleted_at') },
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocw_runs', table => {
    table.dropIndex([], 'ocw_runs_hist_schedule_idx');
  });
  await knex.schema.alterTable('ocw_runs', table => {
    table.dropColumn('schedule_id');
  });
  await knex.schema.dropTable('ocw_schedule_ticks');
  await knex.schema.dropTable('ocw_schedules');
};
