// @ts-check

/**
 * `ocw_runs.stopped_by`: who stopped the run from Backstage. A stopped run's
 * recorded outcome (phase Failed, reason Stopped) is its last word: later
 * writes of the run (the deletion's versions, a late older one) still advance
 * its version and deletion time under the archive's guard, but keep that
 * outcome (RunArchive.upsertRun).
 * `ocw_runs.outputs_missing`: the run finished but its outputs could not be
 * read from Argo when it was written; a write of the same version that has
 * them is then let through (once equal versions are refused, nothing else
 * would ever fill them in).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocw_runs', table => {
    table
      .string('stopped_by')
      .comment('entity ref of who stopped the run; its outcome is then kept');
    table
      .boolean('outputs_missing')
      .notNullable()
      .defaultTo(false)
      .comment('finished, but its outputs could not be read when written');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocw_runs', table => {
    table.dropColumn('stopped_by');
    table.dropColumn('outputs_missing');
  });
};
