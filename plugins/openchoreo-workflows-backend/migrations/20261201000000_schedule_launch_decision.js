// @ts-check

/**
 * The owner's launch decision, kept on each schedule (issue 15): Backstage
 * gives a plugin no credentials of a user outside that user's requests, so
 * the policy's decision on the owner's `openchoreo.workflow.launch` is taken
 * at the owner's requests (create, edit, resume, read) and re-applied at each
 * tick (see startSchedules):
 * - `launch_decision`: ALLOW, DENY or CONDITIONAL; null until the owner's
 *   next request (a tick is then denied);
 * - `launch_conditions`: the conditions of a CONDITIONAL decision (JSON);
 * - `launch_decided_at`: ISO UTC time the decision was taken.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocw_schedules', table => {
    table
      .string('launch_decision')
      .comment("ALLOW, DENY or CONDITIONAL: the owner's launch decision");
    table
      .text('launch_conditions')
      .comment('JSON conditions of a CONDITIONAL decision');
    table
      .string('launch_decided_at')
      .comment('ISO UTC time the launch decision was taken');
  });
};

/**
 * Drops the columns in place with the database's own DROP COLUMN: knex's
 * dropColumn rebuilds the table on SQLite, and dropping the old table there
 * cascades to every schedule's ticks (ocw_schedule_ticks_schedule_fk).
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const column of [
    'launch_decision',
    'launch_conditions',
    'launch_decided_at',
  ]) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['ocw_schedules', column]);
  }
};
