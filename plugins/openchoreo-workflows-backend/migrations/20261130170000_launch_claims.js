// @ts-check

/**
 * Idempotency keys are claimed before the run is created (issue 12): the row
 * is written first, so that two concurrent launches with one key, on any
 * replica, cannot both create a run. It carries the workflow the key was
 * claimed for, so that a concurrent launch of another workflow is refused
 * before the first run exists. Rows written before this migration (after
 * their run was created) have none: their run is checked instead.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocw_launches', table => {
    table.string('workflow_kind').comment('Workflow or ClusterWorkflow');
    table.string('workflow_name');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocw_launches', table => {
    table.dropColumns('workflow_kind', 'workflow_name');
  });
};
