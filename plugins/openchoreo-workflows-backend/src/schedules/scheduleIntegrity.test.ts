/*
 * What schedules keep true under races and failures, on a real database
 * (SQLite, and PostgreSQL when configured) and the local control plane:
 * concurrent creates do not pass the owner's cap; editing parameters keeps
 * the next run; a deleted schedule leaves no ticks; a tick claimed by a
 * replica that died before launching is launched by a later pass, once,
 * unless its schedule was paused meanwhile; a lost time zone pauses in the
 * claim; a pass whose signal fired (timed out) starts no launch.
 */
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  ALICE,
  PIPELINE,
  pipelineSchedules,
  scheduleSuite,
} from './__testUtils__/scheduleSuite';
import { nextTick } from './cron';
import { MAX_SCHEDULES_PER_OWNER } from './ScheduleService';
import { ScheduleStore } from './ScheduleStore';
import { CLAIM_GRACE_MS, tickKey } from './ScheduleTicker';

jest.setTimeout(120_000);

describe('schedule integrity', () => {
  const { databases, instance, runsOf } = scheduleSuite();

  async function setUp(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const services = await instance(knex);
    const { cluster, workflow, create } = pipelineSchedules(services);
    return {
      knex,
      services,
      cluster,
      workflow,
      create: (cron = '* * * * *') => create({ cron }),
    };
  }

  const ticksOf = (knex: Knex, id: string) =>
    knex('ocw_schedule_ticks').where({ schedule_id: id });

  it.each(databases.ids)(
    'concurrent creates stop at the owner cap (%p)',
    async id => {
      const { knex, create } = await setUp(id);
      const stores = [new ScheduleStore(knex), new ScheduleStore(knex)];
      const first = await create();
      const row = await stores[0].get(first.id);
      const copy = (name: string) => ({ ...row!, id: name });
      await knex('ocw_schedules').insert(
        Array.from({ length: MAX_SCHEDULES_PER_OWNER - 4 }, (_, i) =>
          copy(`filler-${i}`),
        ),
      );
      // Three short of the cap: of six inserts at once, three are taken.
      const taken = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          stores[i % 2].insertCapped(
            copy(`racer-${i}`),
            MAX_SCHEDULES_PER_OWNER,
          ),
        ),
      );
      expect(taken.filter(Boolean)).toHaveLength(3);
      const count = async () =>
        Number(
          (
            await knex('ocw_schedules')
              .where({ owner: ALICE })
              .count({ n: '*' })
          )[0].n,
        );
      expect(await count()).toBe(MAX_SCHEDULES_PER_OWNER);
      // At the cap, a create is refused, naming it.
      await expect(create()).rejects.toThrow(
        `${ALICE} already has ${MAX_SCHEDULES_PER_OWNER} schedules on cluster local`,
      );
      expect(await count()).toBe(MAX_SCHEDULES_PER_OWNER);
    },
  );

  it.each(databases.ids)(
    'editing only the parameters keeps the next run; the cron moves it (%p)',
    async id => {
      const { knex, services, cluster, workflow, create } = await setUp(id);
      const schedule = await create();
      // A tick due and not launched yet: editing the parameters must not skip it.
      const due = '2026-01-01T00:00:00.000Z';
      await knex('ocw_schedules')
        .where({ id: schedule.id })
        .update({ next_run_at: due });
      const edit = async (update: object) =>
        services.schedules.update(
          cluster,
          workflow,
          await services.schedules.get(schedule.id),
          update,
        );
      const edited = await edit({ parameters: { warehouse: 'snowflake' } });
      expect(edited.parameters).toEqual({ warehouse: 'snowflake' });
      expect(edited.nextRunAt).toBe(due);
      expect((await services.schedules.get(schedule.id)).next_run_at).toBe(due);
      // The same cron again changes nothing either; another cron moves it.
      expect((await edit({ cron: '* * * * *' })).nextRunAt).toBe(due);
      const moved = await edit({ cron: '0 3 * * *' });
      expect(Date.parse(moved.nextRunAt!)).toBeGreaterThan(Date.now());
    },
  );

  it.each(databases.ids)(
    'a deleted schedule leaves no ticks, even one recorded after it was deleted (%p)',
    async id => {
      const { knex, services, create } = await setUp(id);
      const store = new ScheduleStore(knex);
      const schedule = await create();
      const tickAt = schedule.nextRunAt!;
      expect(
        await store.claim(schedule.id, tickAt, null, new Date().toISOString()),
      ).toBe(true);
      expect(await ticksOf(knex, schedule.id)).toHaveLength(1);
      await services.schedules.delete(schedule.id);
      // The replica that claimed the tick records its outcome afterwards.
      await store.ticks.record(schedule.id, {
        at: tickAt,
        outcome: 'failed',
        message: 'the workflow is gone',
      });
      expect(await ticksOf(knex, schedule.id)).toEqual([]);

      // The database itself cascades: a schedule deleted by any statement.
      const other = await create();
      await store.ticks.record(other.id, {
        at: other.nextRunAt!,
        outcome: 'denied',
      });
      expect(await ticksOf(knex, other.id)).toHaveLength(1);
      await knex('ocw_schedules').where({ id: other.id }).delete();
      expect(await ticksOf(knex, other.id)).toEqual([]);
    },
  );

  it.each(databases.ids)(
    'a tick claimed by a replica that died is launched by a later pass, once (%p)',
    async id => {
      const { knex, services, cluster, create } = await setUp(id);
      const other = await instance(knex);
      const store = new ScheduleStore(knex);
      // Yearly: no other tick falls due while the test moves the clock.
      const schedule = await create('0 0 1 1 *');
      const row = await services.schedules.get(schedule.id);
      const claim = async (tickAt: string) => {
        const at = new Date(Date.parse(tickAt) + 1_500);
        expect(
          await store.claim(
            row.id,
            tickAt,
            nextTick(row, at),
            at.toISOString(),
          ),
        ).toBe(true);
        return at;
      };
      const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

      // Claimed, then the replica died before launching.
      const tick1 = schedule.nextRunAt!;
      const at1 = await claim(tick1);
      // Listed as claimed until it is launched (GET /schedules/{id}, the list).
      const claimed = { at: tick1, outcome: 'claimed' };
      expect((await services.schedules.describe(row)).lastTick).toEqual(
        claimed,
      );
      expect(
        (await services.schedules.list(cluster, () => {})).items.find(
          s => s.id === row.id,
        )?.lastTick,
      ).toEqual(claimed);
      expect(await services.ticker.tick(at1)).toEqual([]);
      expect(await other.ticker.tick(later(at1, CLAIM_GRACE_MS - 1))).toEqual(
        [],
      );
      const [recovered, ...none] = await Promise.all([
        services.ticker.tick(later(at1, CLAIM_GRACE_MS)),
        other.ticker.tick(later(at1, CLAIM_GRACE_MS)),
      ]).then(all => all.flat());
      expect(none).toEqual([]);
      expect(recovered).toMatchObject({ at: tick1, outcome: 'launched' });
      expect(await runsOf(row.id)).toHaveLength(1);
      expect(await other.ticker.tick(later(at1, 2 * CLAIM_GRACE_MS))).toEqual(
        [],
      );

      // Claimed and launched, then the replica died before recording it:
      // the later pass finds the run by the tick's key, and launches none.
      const tick2 = (await services.schedules.get(row.id)).next_run_at!;
      const at2 = await claim(tick2);
      const { run } = await services.launcher.launch(
        cluster,
        {
          namespace: row.namespace,
          workflow: PIPELINE,
          parameters: JSON.parse(row.parameters),
          idempotencyKey: tickKey(row.id, tick2),
        },
        row.owner,
        { schedule: row.id },
      );
      expect(await other.ticker.tick(later(at2, CLAIM_GRACE_MS))).toEqual([
        {
          at: tick2,
          outcome: 'launched',
          run: `${run.namespace}/${run.name}`,
        },
      ]);
      expect(await runsOf(row.id)).toHaveLength(2);
      expect((await services.schedules.describe(row)).lastTick).toMatchObject({
        at: tick2,
        outcome: 'launched',
      });
    },
  );

  it.each(databases.ids)(
    'a claim of a schedule paused before it was recovered is not launched; a lost time zone pauses in the claim (%p)',
    async id => {
      const { knex, services, cluster, workflow, create } = await setUp(id);
      const store = new ScheduleStore(knex);
      const schedule = await create('0 0 1 1 *');
      const row = await services.schedules.get(schedule.id);
      const tickAt = schedule.nextRunAt!;
      const at = new Date(Date.parse(tickAt) + 1_500);
      // Claimed by a replica that died; the owner pauses within the grace.
      expect(
        await store.claim(row.id, tickAt, nextTick(row, at), at.toISOString()),
      ).toBe(true);
      await services.schedules.update(cluster, workflow, row, { paused: true });
      const recovered = new Date(at.getTime() + CLAIM_GRACE_MS);
      expect(await services.ticker.tick(recovered)).toEqual([
        {
          at: tickAt,
          outcome: 'denied',
          message: 'the schedule was paused before the claim was recovered',
        },
      ]);
      expect(await runsOf(row.id)).toEqual([]);
      expect(await services.ticker.tick(recovered)).toEqual([]);

      // A time zone the runtime lost: the claim itself pauses the schedule,
      // so a replica dying right after it leaves nothing to launch.
      const lost = await create('0 0 1 1 *');
      await knex('ocw_schedules')
        .where({ id: lost.id })
        .update({ timezone: 'Mars/Olympus' });
      const lostAt = new Date(Date.parse(lost.nextRunAt!) + 1_500);
      expect(
        await store.claim(
          lost.id,
          lost.nextRunAt!,
          null,
          lostAt.toISOString(),
          true,
        ),
      ).toBe(true);
      expect(!!(await store.get(lost.id))!.paused).toBe(true);
      const later = new Date(lostAt.getTime() + CLAIM_GRACE_MS);
      expect(await services.ticker.tick(later)).toEqual([
        expect.objectContaining({ at: lost.nextRunAt, outcome: 'denied' }),
      ]);
      expect(await runsOf(lost.id)).toEqual([]);

      // The ticker's own pass records the failure and leaves it paused.
      const third = await create('0 0 1 1 *');
      await knex('ocw_schedules')
        .where({ id: third.id })
        .update({ timezone: 'Mars/Olympus' });
      const thirdAt = new Date(Date.parse(third.nextRunAt!) + 1_500);
      expect(await services.ticker.tick(thirdAt)).toEqual([
        expect.objectContaining({ at: third.nextRunAt, outcome: 'failed' }),
      ]);
      const paused = (await store.get(third.id))!;
      expect([!!paused.paused, paused.next_run_at]).toEqual([true, null]);
    },
  );

  it.each(databases.ids)(
    'a pass whose signal fired claims and launches nothing; the next pass does (%p)',
    async id => {
      const { knex, services, create } = await setUp(id);
      const store = new ScheduleStore(knex);
      const schedule = await create('0 0 1 1 *');
      const row = await services.schedules.get(schedule.id);
      const tickAt = schedule.nextRunAt!;
      const at = new Date(Date.parse(tickAt) + 1_500);
      const aborted = AbortSignal.abort();
      expect(await services.ticker.tick(at, aborted)).toEqual([]);
      expect((await services.schedules.get(row.id)).next_run_at).toBe(tickAt);
      expect(await ticksOf(knex, row.id)).toEqual([]);

      // A stale claim is not taken over by an aborted pass either.
      expect(
        await store.claim(row.id, tickAt, nextTick(row, at), at.toISOString()),
      ).toBe(true);
      const later = new Date(at.getTime() + CLAIM_GRACE_MS);
      expect(await services.ticker.tick(later, aborted)).toEqual([]);
      expect(await runsOf(row.id)).toEqual([]);
      expect(
        await services.ticker.tick(later, new AbortController().signal),
      ).toEqual([expect.objectContaining({ at: tickAt, outcome: 'launched' })]);
    },
  );

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
