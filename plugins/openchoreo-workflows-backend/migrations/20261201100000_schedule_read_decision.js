// @ts-check

/**
 * The owner's read decision, kept on each schedule beside the launch
 * decision (20261201000000_schedule_launch_decision): every launch route
 * checks `openchoreo.workflow.read` before `openchoreo.workflow.launch`, and
 * so does each tick. Taken with the launch decision at the owner's schedule
 * requests, stored the same way:
 * - `read_decision`: ALLOW, DENY or CONDITIONAL; null on the schedules that
 *   existed before this migration until the owner's next schedule request
 *   (their ticks are denied until then);
 * - `read_conditions`: the conditions of a CONDITIONAL decision (JSON);
 * - `read_decided_at`: ISO UTC time the decision was taken.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocw_schedules', table => {
    table
      .string('read_decision')
      .comment(
        "ALLOW, DENY or CONDITIONAL: the owner's workflow read decision",
      );
    table
      .text('read_conditions')
      .comment('JSON conditions of a CONDITIONAL read decision');
    table
      .string('read_decided_at')
      .comment('ISO UTC time the read decision was taken');
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
    'read_decision',
    'read_conditions',
    'read_decided_at',
  ]) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['ocw_schedules', column]);
  }
};
