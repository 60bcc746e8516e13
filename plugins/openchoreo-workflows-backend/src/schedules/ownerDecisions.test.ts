/*
 * How the owner's kept decisions are stored and how long they hold, on a
 * real database (SQLite, and PostgreSQL when configured) and the local
 * control plane: decisions stored out of order by two replicas keep the
 * newer; a tick whose decisions are older than
 * `openchoreoWorkflows.schedules.decisionMaxAge` (default 30 days) is
 * denied until the owner's next schedule request. The clock is the tick's
 * time, given to the ticker (no waiting).
 */
import { ConfigReader } from '@backstage/config';
import {
  ALICE,
  pipelineSchedules,
  scheduleSuite,
} from './__testUtils__/scheduleSuite';
import { allowedDecisions } from './__testUtils__/scheduleInstances';
import { readDecisionMaxAge, StoredOwnerDecisions } from './ownerDecisions';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const deniedDecisions = (at: string): StoredOwnerDecisions => ({
  ...allowedDecisions(at),
  launch_decision: 'DENY',
});

const iso = (ms: number) => new Date(ms).toISOString();

describe("the owner's kept decisions", () => {
  const { databases, instance, runsOf } = scheduleSuite();

  it.each(databases.ids)(
    'keeps the newer decisions when two replicas store them out of order (%p)',
    async id => {
      const knex = await databases.init(id);
      const [a, b] = [await instance(knex), await instance(knex)];
      const created = await pipelineSchedules(a).create({ cron: '0 0 1 1 *' });
      const t0 = Date.now();
      const kept = async () =>
        (await a.schedules.get(created.id)).launch_decision;
      // Replica a took a DENY after replica b took an ALLOW, and stores it first.
      await a.schedules.keepOwnerDecisions(ALICE, deniedDecisions(iso(t0 + 2)));
      await b.schedules.keepOwnerDecisions(
        ALICE,
        allowedDecisions(iso(t0 + 1)),
      );
      expect(await kept()).toBe('DENY');
      // A decision taken at the same time changes nothing either.
      await b.schedules.keepOwnerDecisions(
        ALICE,
        allowedDecisions(iso(t0 + 2)),
      );
      expect(await kept()).toBe('DENY');
      // A newer one is kept.
      await b.schedules.keepOwnerDecisions(
        ALICE,
        allowedDecisions(iso(t0 + 3)),
      );
      expect(await a.schedules.get(created.id)).toMatchObject({
        launch_decision: 'ALLOW',
        launch_decided_at: iso(t0 + 3),
        read_decided_at: iso(t0 + 3),
      });
    },
  );

  it.each(databases.ids)(
    'denies a tick whose decisions are older than 30 days by default, until the owner renews them (%p)',
    async id => {
      const knex = await databases.init(id);
      const ticking = await instance(knex, { schedules: {} });
      const { create } = pipelineSchedules(ticking);
      // Every minute, decided at its first tick: the clock is the tick's time.
      const { id: scheduleId, nextRunAt: first } = await create();
      const decided = Date.parse(first!);
      await ticking.schedules.keepOwnerDecisions(
        ALICE,
        allowedDecisions(first),
      );

      const [young] = await ticking.ticker.tick(
        new Date(decided + 30 * DAY - MINUTE),
      );
      expect(young).toMatchObject({ outcome: 'launched' });
      const [old] = await ticking.ticker.tick(
        new Date(decided + 30 * DAY + MINUTE),
      );
      expect(old).toEqual({
        at: iso(decided + 30 * DAY),
        outcome: 'denied',
        message: `the owner's openchoreo.workflow.read decision was taken at ${first}, more than 30 days before this tick (openchoreoWorkflows.schedules.decisionMaxAge): it is renewed at any schedule request of the owner, e.g. opening the Schedules tab`,
      });
      expect(await runsOf(scheduleId)).toHaveLength(1);

      // Renewed (as any schedule request of the owner does): launched again.
      await ticking.schedules.keepOwnerDecisions(
        ALICE,
        allowedDecisions(iso(decided + 30 * DAY + 2 * MINUTE)),
      );
      const [renewed] = await ticking.ticker.tick(
        new Date(decided + 30 * DAY + 3 * MINUTE),
      );
      expect(renewed).toMatchObject({ outcome: 'launched' });
      expect(await runsOf(scheduleId)).toHaveLength(2);
    },
  );

  it.each(databases.ids)(
    'applies the configured maximum age (%p)',
    async id => {
      const knex = await databases.init(id);
      const ticking = await instance(knex, {
        schedules: { decisionMaxAge: { hours: 1 } },
      });
      const first = (await pipelineSchedules(ticking).create()).nextRunAt!;
      await ticking.schedules.keepOwnerDecisions(
        ALICE,
        allowedDecisions(first),
      );
      const decided = Date.parse(first);
      expect(
        await ticking.ticker.tick(new Date(decided + 59 * MINUTE)),
      ).toMatchObject([{ outcome: 'launched' }]);
      expect(
        await ticking.ticker.tick(new Date(decided + 61 * MINUTE)),
      ).toMatchObject([
        {
          outcome: 'denied',
          message: expect.stringContaining(
            'more than 1 hours before this tick',
          ),
        },
      ]);
    },
  );

  it('reads the maximum age from config', () => {
    const read = (schedules: object) =>
      readDecisionMaxAge(
        new ConfigReader({ openchoreoWorkflows: { schedules } }),
      );
    expect(read({})).toEqual({ days: 30 });
    expect(read({ decisionMaxAge: { days: 7 } })).toEqual({ days: 7 });
    expect(() => read({ decisionMaxAge: { days: 0 } })).toThrow(
      /decisionMaxAge: must be a positive duration/,
    );
    expect(read({ decisionMaxAge: 'P2D' })).toEqual({ days: 2 });
    expect(() => read({ decisionMaxAge: 'soon' })).toThrow(
      /Invalid duration 'soon'/,
    );
  });

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
