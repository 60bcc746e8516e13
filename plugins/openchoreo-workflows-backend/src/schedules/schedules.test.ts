/*
 * Scheduled runs on a real database (SQLite, and PostgreSQL when configured)
 * and the local control plane: two plugin instances on one database tick at
 * the same moments and launch exactly one run per tick, none while paused,
 * and a tick whose owner is gone is recorded as denied. Ticks are driven by
 * calling each instance's ticker with the tick's time (no waiting).
 */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';
import {
  ALLOW_LAUNCH,
  scheduleInstances,
} from './__testUtils__/scheduleInstances';
import { nextTick } from './cron';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const MINUTE = 60_000;

describe('scheduled runs', () => {
  const ran = new Set<TestDatabaseId>();
  let local: TestLocalControlPlane;
  const shutdown: Array<() => unknown> = [];

  beforeAll(async () => {
    local = await startTestLocalControlPlane({ stepSeconds: 0.05 });
  });
  afterAll(async () => {
    for (const hook of shutdown.splice(0)) await hook();
    await local?.stop();
  });
  // After the hook above: Jest runs afterAll hooks in order, so the backends
  // stop before TestDatabases shuts their databases down.
  const databases = TestDatabases.create({ ids: DATABASE_IDS });

  const { instance, runsOf } = scheduleInstances(() => local, shutdown);

  it.each(databases.eachSupportedId())(
    'two instances launch exactly one run per tick, none while paused, and record a denied tick (%p)',
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      const [a, b] = [await instance(knex), await instance(knex)];
      const cluster = a.clusters.get('local');
      const workflow = a.workflows.get(
        cluster,
        'Workflow',
        'default',
        'nightly-data-pipeline',
      );
      const schedule = await a.schedules.create(
        cluster,
        workflow,
        {
          workflow: { kind: 'Workflow', name: 'nightly-data-pipeline' },
          namespace: 'default',
          parameters: { warehouse: 'bigquery' },
          cron: '* * * * *',
          timezone: 'Europe/Paris',
        },
        ALICE,
        ALLOW_LAUNCH,
      );
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
      const bob = await a.schedules.create(
        cluster,
        workflow,
        {
          workflow: { kind: 'Workflow', name: 'nightly-data-pipeline' },
          namespace: 'default',
          cron: '*/5 * * * *',
        },
        'user:default/bob',
        ALLOW_LAUNCH,
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
    expect(missedDatabases(ran)).toEqual([]);
  });
});
