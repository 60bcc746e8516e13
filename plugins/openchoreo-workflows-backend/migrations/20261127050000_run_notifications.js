// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ocw_run_notifications', table => {
    table.comment(
      'Runs whose completion was notified, so each run is notified once, also across restarts and replicas',
    );
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table
      .string('uid')
      .notNullable()
      .comment(
        "The run's uid ('' when unknown): a re-created run is a new run",
      );
    table.string('phase').notNullable();
    table.string('notified_at').notNullable();
    table.primary(['cluster', 'namespace', 'name', 'uid']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ocw_run_notifications');
};
