/*
 * Scheduled runs on a real database (SQLite, and PostgreSQL when configured)
 * and the local control plane: two plugin instances on one database tick at
 * the same moments and launch exactly one run per tick, none while paused,
 * and a tick whose owner is gone is recorded as denied. Ticks are driven by
 * calling each instance's ticker with the tick's time (no waiting).
 */
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import {
  ALICE,
  pipelineSchedules,
  scheduleSuite,
} from './__testUtils__/scheduleSuite';
import { nextTick } from './cron';

jest.setTimeout(120_000);

const MINUTE = 60_000;

describe('scheduled runs', () => {
  const { databases, instance, runsOf } = scheduleSuite();

  it.each(databases.ids)(
    'two instances launch exactly one run per tick, none while paused, and record a denied tick (%p)',
    async id => {
      const knex = await databases.init(id);
      const [a, b] = [await instance(knex), await instance(knex)];
      const { cluster, workflow, create } = pipelineSchedules(a);
      const schedule = await create({ timezone: 'Europe/Paris' });
      const first = Date.parse(schedule.nextRunAt!);
      expect(first % MINUTE).toBe(0);

      // Three ticks, each driven on both instances at once.
      for (let i = 0; i < 3; i++) {
        const at = new Date(first + i * MINUTE + 1_500);
        const [byA, byB] = await Promise.all([
          a.ticker.tick(at),
          b.ticker.tick(at),
        ]);
        expect([...byA, ...byB]).toEqual([
          expect.objectContaining({
            at: new Date(first + i * MINUTE).toISOString(),
            outcome: 'launched',
          }),
        ]);
        // Again at the same time: nothing is due any more.
        expect(await b.ticker.tick(at)).toEqual([]);
      }
      const runs = await runsOf(schedule.id);
      expect(runs).toHaveLength(3);
      for (const run of runs) {
        expect(run.metadata.annotations).toMatchObject({
          'openchoreo-workflows.backstage.io/launched-by': ALICE,
          'openchoreo-workflows.backstage.io/schedule': schedule.id,
        });
        expect(run.spec.workflow.parameters).toMatchObject({
          warehouse: 'bigquery',
        });
      }

      // The history per schedule: GET /runs?schedule= answers these three.
      await eventually(
        async () =>
          (
            await a.runs.list(cluster, { schedule: schedule.id }, () => true)
          ).items.length === 3 || undefined,
        30_000,
        'the three runs in the cache',
      );
      const other = await a.runs.list(
        cluster,
        { schedule: 'another-schedule' },
        () => true,
      );
      expect(other.items).toEqual([]);

      // Paused: ticks launch nothing; resumed: the next minute ticks again.
      const row = await a.schedules.get(schedule.id);
      const paused = await b.schedules.update(cluster, workflow, row, {
        paused: true,
      });
      expect(paused.paused).toBe(true);
      expect(paused.nextRunAt).toBeUndefined();
      for (let i = 3; i < 6; i++) {
        const at = new Date(first + i * MINUTE + 1_500);
        expect([
          ...(await a.ticker.tick(at)),
          ...(await b.ticker.tick(at)),
        ]).toEqual([]);
      }
      expect(await runsOf(schedule.id)).toHaveLength(3);
      const resumed = await a.schedules.update(
        cluster,
        workflow,
        await a.schedules.get(schedule.id),
        { paused: false },
      );
      expect(Date.parse(resumed.nextRunAt!)).toBeGreaterThan(Date.now());

      // An owner no longer in the catalog: the tick is denied, and recorded.
      const bob = await create(
        { cron: '*/5 * * * *', parameters: undefined },
        { owner: 'user:default/bob' },
      );
      const bobTick = new Date(Date.parse(bob.nextRunAt!) + 1_000);
      const ticks = [
        ...(await a.ticker.tick(bobTick)),
        ...(await b.ticker.tick(bobTick)),
      ];
      expect(ticks).toContainEqual({
        at: bob.nextRunAt,
        outcome: 'denied',
        message: 'the owner user:default/bob is no longer in the catalog',
      });
      expect(await runsOf(bob.id)).toEqual([]);
      expect(
        (await a.schedules.describe(await a.schedules.get(bob.id))).lastTick,
      ).toMatchObject({ outcome: 'denied' });
      expect((await a.schedules.get(bob.id)).next_run_at).toBe(
        nextTick({ cron: '*/5 * * * *', timezone: 'UTC' }, bobTick),
      );
    },
  );

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
