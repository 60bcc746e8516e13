// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ocw_runs', table => {
    table.comment(
      'Every WorkflowRun the plugin has seen, kept after the cluster forgets it',
    );
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('uid');
    table.string('workflow_kind').notNullable();
    table.string('workflow_name').notNullable();
    table.string('phase').notNullable();
    table.string('launched_by');
    table.string('created_at').comment('ISO time the run was created');
    table.string('completed_at');
    table.text('detail').notNullable().comment('RunDetail JSON');
    table.string('deleted_at').comment('ISO time the run left the cluster');
    table.primary(['cluster', 'namespace', 'name']);
    table.index(['created_at'], 'ocw_runs_created_idx');
    table.index(['workflow_name'], 'ocw_runs_workflow_idx');
  });
  await knex.schema.createTable('ocw_run_logs', table => {
    table.comment(
      'Step logs read from workflow-plane pods, kept after the pods are gone',
    );
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('task').notNullable();
    table.text('lines').notNullable().comment('JSON array of log lines');
    table.boolean('complete').notNullable().defaultTo(false);
    table.primary(['cluster', 'namespace', 'name', 'task']);
  });
  await knex.schema.createTable('ocw_launches', table => {
    table.comment('Idempotency keys of launch requests');
    table.string('cluster').notNullable();
    table.string('user_ref').notNullable();
    table.string('idempotency_key').notNullable();
    table.string('run_namespace').notNullable();
    table.string('run_name').notNullable();
    table.string('created_at').notNullable();
    table.primary(['cluster', 'user_ref', 'idempotency_key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ocw_launches');
  await knex.schema.dropTable('ocw_run_logs');
  await knex.schema.dropTable('ocw_runs');
};
