// @ts-check

/**
 * Schedule ticks belong to their schedule and record their claim (review of
 * issue 15):
 * - `ocw_schedule_ticks.schedule_id` references `ocw_schedules.id` ON DELETE
 *   CASCADE: deleting a schedule deletes its ticks, and the outcome of a tick
 *   whose schedule was deleted meanwhile is not written (ticks left by such a
 *   race before this migration are deleted);
 * - `claimed_at`: when a replica claimed the tick (outcome `claimed` until it
 *   launched); a claim older than a grace period is launched again by the
 *   next ticker pass, with the tick's idempotency key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('ocw_schedule_ticks')
    .whereNotIn('schedule_id', knex('ocw_schedules').select('id'))
    .delete();
  await knex.schema.alterTable('ocw_schedule_ticks', table => {
    table
      .string('claimed_at')
      .comment('ISO UTC time the tick was claimed (while outcome is claimed)');
    table
      .foreign('schedule_id', 'ocw_schedule_ticks_schedule_fk')
      .references('id')
      .inTable('ocw_schedules')
      .onDelete('CASCADE');
    table.index(['outcome', 'claimed_at'], 'ocw_schedule_ticks_claimed_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocw_schedule_ticks', table => {
    table.dropIndex([], 'ocw_schedule_ticks_claimed_idx');
    table.dropForeign('schedule_id', 'ocw_schedule_ticks_schedule_fk');
    table.dropColumn('claimed_at');
  });
};
