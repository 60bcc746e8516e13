// @ts-check

/**
 * Notifications at least once: a row is the intent to notify (with what to send),
 * recorded before sending, claimed for one send at a time, marked sent after.
 * Rows of the earlier table were claimed before sending: they count as sent.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocw_run_notifications', table => {
    table
      .string('state')
      .notNullable()
      .defaultTo('sent')
      .comment('pending, sent or failed (attempts used up)');
    table
      .text('notification')
      .comment(
        'What to send (recipients and payload, JSON), so a restart can send it',
      );
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .bigInteger('next_attempt_at')
      .notNullable()
      .defaultTo(0)
      .comment('Epoch ms before which the row is not sent (backoff)');
    table
      .bigInteger('claimed_until')
      .comment('Epoch ms until which one backend instance owns the send');
    table.string('claimed_by');
    table.text('last_error');
    table.string('sent_at');
    table.index(['state', 'next_attempt_at'], 'ocw_run_notifications_due_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocw_run_notifications', table => {
    table.dropIndex(
      ['state', 'next_attempt_at'],
      'ocw_run_notifications_due_idx',
    );
    table.dropColumns(
      'state',
      'notification',
      'attempts',
      'next_attempt_at',
      'claimed_until',
      'claimed_by',
      'last_error',
      'sent_at',
    );
  });
};
