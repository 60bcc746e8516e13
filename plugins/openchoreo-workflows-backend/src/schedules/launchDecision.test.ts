/*
 * The owner's launch decision kept on a schedule and re-applied at each tick,
 * on a real database (SQLite, and PostgreSQL when configured) and the local
 * control plane: the plugin's routes take the decision at the owner's
 * requests, a second plugin instance on the same database ticks. A
 * CONDITIONAL decision by label launches, then denies once the workflow is
 * relabelled; a DENY taken at the owner's next request denies; another
 * user's request changes nothing; an ALLOW taken at the owner's next one
 * launches again. A rule another module added through the permissions
 * registry is applied at the tick. Ticks are driven by calling the ticker
 * with the tick's time (no waiting).
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionFactory,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { workflowLaunchPermission } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import request from 'supertest';
import { z } from 'zod';
import { workflowResourceRef } from '../permissions/rules';
import { API, startWorkflowsBackend } from '../__testUtils__/backend';
import {
  addPipelineCopy,
  allowedDecisions,
  onlyLabelled,
  testPermissionsRegistry,
} from './__testUtils__/scheduleInstances';
import {
  aliceSchedulesYearly,
  AS_ALICE,
  AS_BOB,
  pipelineSchedules,
  scheduleSuite,
} from './__testUtils__/scheduleSuite';
import { StoredOwnerDecisions } from './ownerDecisions';

jest.setTimeout(120_000);

const GOLD_ONLY = onlyLabelled('tier', 'gold');

/** A workflow rule of another module (not one of the plugin's). */
const NAME_STARTS_WITH = createPermissionRule({
  name: 'NAME_STARTS_WITH',
  description: 'Allow workflows whose name starts with the prefix',
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({ prefix: z.string() }),
  apply: (w, { prefix }) => w.name.startsWith(prefix),
  toQuery:
    ({ prefix }) =>
    w =>
      w.name.startsWith(prefix),
});

/** Another module's rule that reads the workflow's owner (as IS_ENTITY_OWNER does, under another name). */
const HAS_OWNER = createPermissionRule({
  name: 'HAS_OWNER',
  description: 'Allow workflows whose owner is known',
  resourceRef: workflowResourceRef,
  paramsSchema: z.object({}),
  apply: w => w.owner !== undefined,
  toQuery: () => w => w.owner !== undefined,
});

describe("the owner's launch decision at each tick", () => {
  const { local, databases, instance, runsOf, shutdown } = scheduleSuite();

  /** Sets the `tier` label of a workflow in the control plane. */
  const relabel = (name: string, tier: string) =>
    local().plane.store.patch(
      local().plane.store.registry.get('openchoreo.dev', 'workflows'),
      'default',
      name,
      'merge',
      { metadata: { labels: { tier } } },
    );

  it.each(databases.ids)(
    'keeps it at the owner requests and applies it to the workflow as it is now (%p)',
    async id => {
      const knex = await databases.init(id);
      const name = `gold-${id.toLowerCase().replace(/_/g, '-')}`;
      shutdown.push(addPipelineCopy(local(), name, { tier: 'gold' }));
      // The policy: everything, and launching as `launch` says.
      let launch: PolicyDecision = GOLD_ONLY.decision;
      const policy = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(r =>
            r.permission.name === workflowLaunchPermission.name
              ? launch
              : { result: AuthorizeResult.ALLOW },
          ) as any,
      });
      const backend = await startWorkflowsBackend(
        { clusters: [local().clusterConfig] },
        {
          features: [policy.factory, mockServices.database.factory({ knex })],
        },
      );
      shutdown.push(() => backend.stop());
      const { server } = backend;
      const ticking = await instance(knex);
      const cluster = ticking.clusters.get('local');
      await eventually(
        () => cluster.getWorkflow('Workflow', 'default', name) || undefined,
        30_000,
        'the labelled workflow in the cache',
      );

      // Created by the owner under a decision by label: kept, with its time.
      const scheduleId = await aliceSchedulesYearly(server, name);
      const stored = () => ticking.schedules.get(scheduleId);
      expect(await stored()).toMatchObject({
        launch_decision: 'CONDITIONAL',
        launch_decided_at: expect.any(String),
      });
      expect(JSON.parse((await stored()).launch_conditions!)).toEqual(
        GOLD_ONLY.conditions,
      );
      const tickAfter = async () => {
        const at = (await stored()).next_run_at!;
        const ticks = await ticking.ticker.tick(
          new Date(Date.parse(at) + 1_000),
        );
        expect(ticks).toHaveLength(1);
        return ticks[0];
      };

      // The workflow carries the label: the tick launches.
      expect(await tickAfter()).toMatchObject({ outcome: 'launched' });
      expect(await runsOf(scheduleId)).toHaveLength(1);

      // Relabelled out of the condition: the next tick is denied, and recorded.
      relabel(name, 'silver');
      await eventually(
        () =>
          cluster.getWorkflow('Workflow', 'default', name)?.metadata.labels
            ?.tier === 'silver' || undefined,
        30_000,
        'the relabelled workflow in the cache',
      );
      const denied = await tickAfter();
      expect(denied).toMatchObject({
        outcome: 'denied',
        message: expect.stringMatching(
          new RegExp(
            `openchoreo\\.workflow\\.launch permission \\(conditional, .*\\) does not allow Workflow default/${name} as it is now`,
          ),
        ),
      });
      expect(
        (await ticking.schedules.describe(await stored())).lastTick,
      ).toEqual(denied);
      expect(await runsOf(scheduleId)).toHaveLength(1);

      // Labelled gold again, but the policy now denies: the tick still
      // applies the kept decision until the owner's next request.
      relabel(name, 'gold');
      await eventually(
        () =>
          cluster.getWorkflow('Workflow', 'default', name)?.metadata.labels
            ?.tier === 'gold' || undefined,
        30_000,
        'the workflow labelled gold again',
      );
      launch = { result: AuthorizeResult.DENY };
      expect(await tickAfter()).toMatchObject({ outcome: 'launched' });
      const before = (await stored()).launch_decided_at!;
      await request(server)
        .get(`${API}/schedules/${scheduleId}`)
        .set('Authorization', AS_ALICE)
        .expect(200);
      expect(await stored()).toMatchObject({
        launch_decision: 'DENY',
        launch_conditions: null,
      });
      expect((await stored()).launch_decided_at! >= before).toBe(true);
      expect(await tickAfter()).toMatchObject({
        outcome: 'denied',
        message: expect.stringContaining(
          "the owner's openchoreo.workflow.launch permission was denied",
        ),
      });
      expect(await runsOf(scheduleId)).toHaveLength(2);

      // Allowed again: another user's request keeps nothing on Alice's
      // schedule; her own listing of her schedules does.
      launch = { result: AuthorizeResult.ALLOW };
      await request(server)
        .get(`${API}/schedules/${scheduleId}`)
        .set('Authorization', AS_BOB)
        .expect(200);
      expect((await stored()).launch_decision).toBe('DENY');
      await request(server)
        .get(`${API}/schedules`)
        .set('Authorization', AS_ALICE)
        .expect(200);
      expect((await stored()).launch_decision).toBe('ALLOW');
      expect(await tickAfter()).toMatchObject({ outcome: 'launched' });
      expect(await runsOf(scheduleId)).toHaveLength(3);
    },
  );

  it.each(databases.ids)(
    'applies a rule another module added through the permissions registry (%p)',
    async id => {
      const knex = await databases.init(id);
      // Added before the plugin starts, as a module adds its rules.
      const registry = testPermissionsRegistry();
      registry.addPermissionRules([NAME_STARTS_WITH]);
      const ticking = await instance(knex, { permissionsRegistry: registry });
      const { create } = pipelineSchedules(ticking);
      const byPrefix = (prefix: string): StoredOwnerDecisions => ({
        ...allowedDecisions(),
        launch_decision: 'CONDITIONAL',
        launch_conditions: JSON.stringify(
          createConditionFactory(NAME_STARTS_WITH)({ prefix }),
        ),
      });
      // Yearly: both fall due at the same tick.
      const nightly = await create(
        { cron: '0 0 1 1 *' },
        { decisions: byPrefix('nightly-') },
      );
      const weekly = await create(
        { cron: '0 0 1 1 *' },
        { decisions: byPrefix('weekly-') },
      );
      const at = new Date(Date.parse(nightly.nextRunAt!) + 1_000);
      expect(await ticking.ticker.tick(at)).toHaveLength(2);
      const lastTick = async (scheduleId: string) =>
        (
          await ticking.schedules.describe(
            await ticking.schedules.get(scheduleId),
          )
        ).lastTick;
      expect(await lastTick(nightly.id)).toMatchObject({
        outcome: 'launched',
      });
      expect(await lastTick(weekly.id)).toMatchObject({
        outcome: 'denied',
        message: expect.stringContaining(
          'does not allow Workflow default/nightly-data-pipeline as it is now',
        ),
      });
      expect(await runsOf(nightly.id)).toHaveLength(1);
      expect(await runsOf(weekly.id)).toEqual([]);
    },
  );

  it.each(databases.ids)(
    "gives another module's rule the workflow's owner, as the launch route does (%p)",
    async id => {
      const knex = await databases.init(id);
      const registry = testPermissionsRegistry();
      registry.addPermissionRules([HAS_OWNER]);
      const ticking = await instance(knex, { permissionsRegistry: registry });
      const { create } = pipelineSchedules(ticking);
      const schedule = await create(
        { cron: '0 0 1 1 *' },
        {
          decisions: {
            ...allowedDecisions(),
            launch_decision: 'CONDITIONAL',
            launch_conditions: JSON.stringify(
              createConditionFactory(HAS_OWNER)({}),
            ),
          },
        },
      );
      const at = new Date(Date.parse(schedule.nextRunAt!) + 1_000);
      expect(await ticking.ticker.tick(at)).toHaveLength(1);
      expect(
        (
          await ticking.schedules.describe(
            await ticking.schedules.get(schedule.id),
          )
        ).lastTick,
      ).toMatchObject({ outcome: 'launched' });
      expect(await runsOf(schedule.id)).toHaveLength(1);
    },
  );

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
