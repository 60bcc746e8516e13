/*
 * How the owner's kept decisions are stored, on a real database (SQLite, and
 * PostgreSQL when configured) and the local control plane: decisions stored
 * out of order by two replicas keep the newer.
 */
import {
  ALICE,
  pipelineSchedules,
  scheduleSuite,
} from './__testUtils__/scheduleSuite';
import { allowedDecisions } from './__testUtils__/scheduleInstances';
import { StoredOwnerDecisions } from './ownerDecisions';

jest.setTimeout(120_000);

const deniedDecisions = (at: string): StoredOwnerDecisions => ({
  ...allowedDecisions(at),
  launch_decision: 'DENY',
});

const iso = (ms: number) => new Date(ms).toISOString();

describe("the owner's kept decisions", () => {
  const { databases, instance } = scheduleSuite();

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

  it('ran on every database it had to', () => {
    expect(databases.missed()).toEqual([]);
  });
});
