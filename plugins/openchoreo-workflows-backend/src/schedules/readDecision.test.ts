/*
 * The owner's workflow read decision, kept on a schedule beside the launch
 * decision and applied first at each tick, as every launch route checks read
 * before launch; on a real database (SQLite, and PostgreSQL when configured)
 * and the local control plane. The routes take the decisions at the owner's
 * requests; a second plugin instance on the same database ticks (driven by
 * calling the ticker with the tick's time).
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { workflowReadPermission } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { Services } from '../pluginServices';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import {
  addPipelineCopy,
  onlyLabelled,
} from './__testUtils__/scheduleInstances';
import {
  aliceSchedulesYearly,
  AS_ALICE,
  scheduleSuite,
} from './__testUtils__/scheduleSuite';

jest.setTimeout(120_000);

const TEAM_A_ONLY = onlyLabelled('team', 'a');

describe("the owner's read decision at each tick", () => {
  const { local, databases, instance, runsOf, shutdown } = scheduleSuite();

  /**
   * The routes (a backend whose policy decides the workflow read permission
   * as `policy.read` says, allowing the rest) and a ticking instance, on `knex`.
   */
  async function backendAndTicker(knex: Knex) {
    const policy = {
      read: { result: AuthorizeResult.ALLOW } as PolicyDecision,
    };
    const decide = (name: string) =>
      name === workflowReadPermission.name
        ? policy.read
        : { result: AuthorizeResult.ALLOW };
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => decide(r.permission.name)) as any,
      authorizeConditional: async requests =>
        requests.map(r => decide(r.permission.name)) as any,
    });
    const backend = await startWorkflowsBackend(
      { clusters: [local().clusterConfig] },
      {
        features: [
          permissions.factory,
          mockServices.database.factory({ knex }),
        ],
      },
    );
    shutdown.push(() => backend.stop());
    const ticking = await instance(knex);
    return { policy, server: backend.server, ticking };
  }

  /** Ticks once the schedule is due, and returns that tick. */
  const tickAfter = async (ticking: Services, scheduleId: string) => {
    const at = (await ticking.schedules.get(scheduleId)).next_run_at!;
    const ticks = await ticking.ticker.tick(new Date(Date.parse(at) + 1_000));
    expect(ticks).toHaveLength(1);
    return ticks[0];
  };

  it.each(databases.ids)(
    'denies a tick the read check of POST /runs would deny (%p)',
    async id => {
      const knex = await databases.init(id);
      const name = `team-a-${id.toLowerCase().replace(/_/g, '-')}`;
      shutdown.push(addPipelineCopy(local(), name, { team: 'a' }));
      const { policy, server, ticking } = await backendAndTicker(knex);
      // Reading is conditional on team=a; launching is allowed to everyone.
      policy.read = TEAM_A_ONLY.decision;
      const cluster = ticking.clusters.get('local');
      const labelled = (team: string) =>
        eventually(
          () =>
            cluster.getWorkflow('Workflow', 'default', name)?.metadata.labels
              ?.team === team || undefined,
          30_000,
          `the workflow labelled team=${team} in the cache`,
        );
      await labelled('a');

      const scheduleId = await aliceSchedulesYearly(server, name);
      const stored = await ticking.schedules.get(scheduleId);
      expect(stored).toMatchObject({
        read_decision: 'CONDITIONAL',
        read_decided_at: stored.launch_decided_at,
        launch_decision: 'ALLOW',
      });
      expect(JSON.parse(stored.read_conditions!)).toEqual(
        TEAM_A_ONLY.conditions,
      );
      expect(await tickAfter(ticking, scheduleId)).toMatchObject({
        outcome: 'launched',
      });

      // Relabelled team=b: POST /runs answers Alice 404, and the tick is denied.
      local().plane.store.patch(
        local().plane.store.registry.get('openchoreo.dev', 'workflows'),
        'default',
        name,
        'merge',
        { metadata: { labels: { team: 'b' } } },
      );
      await labelled('b');
      await eventually(
        async () =>
          (
            await request(server)
              .post(`${API}/runs`)
              .set('Authorization', AS_ALICE)
              .send({
                workflow: { kind: 'Workflow', name },
                namespace: 'default',
                parameters: { warehouse: 'bigquery' },
              })
          ).status === 404 || undefined,
        30_000,
        'POST /runs answering 404',
      );
      expect(await tickAfter(ticking, scheduleId)).toMatchObject({
        outcome: 'denied',
        message: expect.stringMatching(
          new RegExp(
            `openchoreo\\.workflow\\.read permission \\(conditional, decided at .*\\) does not allow Workflow default/${name} as it is now`,
          ),
        ),
      });
      expect(await runsOf(scheduleId)).toHaveLength(1);

      // Read denied outright at the owner's next request: named as such.
      policy.read = { result: AuthorizeResult.DENY };
      await request(server)
        .get(`${API}/schedules`)
        .set('Authorization', AS_ALICE)
        .expect(200);
      expect(await tickAfter(ticking, scheduleId)).toMatchObject({
        outcome: 'denied',
        message: expect.stringContaining(
          "the owner's openchoreo.workflow.read permission was denied",
        ),
      });
      expect(await runsOf(scheduleId)).toHaveLength(1);
    },
  );

  it.each(databases.ids)(
    'denies the ticks of a schedule kept before the read decision until its owner next asks (%p)',
    async id => {
      const knex = await databases.init(id);
      const { server, ticking } = await backendAndTicker(knex);
      const scheduleId = await aliceSchedulesYearly(
        server,
        'nightly-data-pipeline',
      );
      // What the migration leaves on the schedules it finds: no read decision.
      await knex('ocw_schedules').where({ id: scheduleId }).update({
        read_decision: null,
        read_conditions: null,
        read_decided_at: null,
      });
      expect(await tickAfter(ticking, scheduleId)).toMatchObject({
        outcome: 'denied',
        message:
          "no decision on the owner's openchoreo.workflow.read permission is stored yet: it is taken at the owner's next schedule request (e.g. opening the Schedules tab)",
      });
      expect(await runsOf(scheduleId)).toEqual([]);

      // The owner opens the Schedules tab: the next tick launches.
      await request(server)
        .get(`${API}/schedules`)
        .set('Authorization', AS_ALICE)
        .expect(200);
      expect(await ticking.schedules.get(scheduleId)).toMatchObject({
        read_decision: 'ALLOW',
      });
      expect(await tickAfter(ticking, scheduleId)).toMatchObject({
        outcome: 'launched',
      });
      expect(await runsOf(scheduleId)).toHaveLength(1);
    },
  );

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
