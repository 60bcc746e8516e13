/*
 * A run stopped from Backstage keeps its outcome (Failed, Stopped, "Stopped
 * by …") whatever the archive writes after the stop: the deletion's versions
 * (written by any replica, whether it read the archive before or after the
 * stop) and late older versions. The version guard still holds around it.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { RunArchive } from './RunArchive';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';
import { runningRun } from '../__testUtils__/runDetails';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();

const live = runningRun('r1');
const stoppedBy = 'user:default/jane';
const stopped: RunDetail = {
  ...live,
  phase: 'Failed',
  reason: 'Stopped',
  message: `Stopped by ${stoppedBy}`,
  completedAt: '2026-11-27T10:05:00Z',
  archived: true,
};
/** What an archiver that read the archive before the stop makes of the deletion. */
const deletedWhileRunning: RunDetail = {
  ...live,
  phase: 'Failed',
  reason: 'Deleted',
  message: 'The run was deleted before it completed',
  completedAt: '2026-11-27T10:05:01Z',
  archived: true,
};
const outcome = {
  phase: 'Failed',
  reason: 'Stopped',
  message: stopped.message,
};

async function setUp(id: Parameters<typeof databases.init>[0]) {
  ran.add(id);
  const knex = await databases.init(id);
  const archive = await RunArchive.forKnex(knex);
  const row = async () => {
    const r = await knex('ocw_runs').where({ uid: 'uid-r1' }).first();
    return {
      ...JSON.parse(r.detail),
      column: r.phase,
      summary: JSON.parse(r.summary),
      rv: r.resource_version,
      deletedAt: r.deleted_at,
    };
  };
  return { archive, row };
}

describe('a stopped run keeps its outcome in the archive', () => {
  it.each(databases.eachSupportedId())(
    'over the deletion (Running or Deleted) and late older versions, on %p',
    async id => {
      const { archive, row } = await setUp(id);
      await archive.upsertRun(live, { resourceVersion: '10' });
      // The stop is written with the version it was made from (already archived).
      expect(
        await archive.upsertRun(stopped, { resourceVersion: '10', stoppedBy }),
      ).toBe(true);
      expect(await row()).toMatchObject({ ...outcome, rv: '10' });
      // A replica that read the archive before the stop archives the deletion's versions.
      expect(await archive.upsertRun(live, { resourceVersion: '11' })).toBe(
        true,
      );
      expect(
        await archive.upsertRun(deletedWhileRunning, {
          resourceVersion: '12',
          deletedAt: '2026-11-27T10:05:02Z',
        }),
      ).toBe(true);
      const after = await row();
      expect(after).toMatchObject({
        ...outcome,
        column: 'Failed',
        rv: '12',
        deletedAt: '2026-11-27T10:05:02Z',
      });
      expect(after.summary).toMatchObject({
        phase: 'Failed',
        reason: 'Stopped',
      });
      // A late older version changes nothing; nor does a second stop.
      expect(await archive.upsertRun(live, { resourceVersion: '11' })).toBe(
        false,
      );
      expect(
        await archive.upsertRun(
          { ...stopped, message: 'Stopped by user:default/john' },
          { resourceVersion: '12', stoppedBy: 'user:default/john' },
        ),
      ).toBe(false);
      expect(await row()).toMatchObject({ ...outcome, rv: '12' });
      expect((await archive.getRun('c1', 'default', 'r1'))?.run).toMatchObject(
        outcome,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'written after a newer live version, without taking the version back, on %p',
    async id => {
      const { archive, row } = await setUp(id);
      // The deletion's first version (deletionTimestamp set) was archived before the stop's write.
      await archive.upsertRun(live, { resourceVersion: '11' });
      expect(
        await archive.upsertRun(stopped, { resourceVersion: '10', stoppedBy }),
      ).toBe(true);
      expect(await row()).toMatchObject({ ...outcome, rv: '11' });
      expect(await archive.upsertRun(live, { resourceVersion: '11' })).toBe(
        false,
      );
      expect(await archive.upsertRun(live, { resourceVersion: '9' })).toBe(
        false,
      );
      expect(await row()).toMatchObject({ ...outcome, rv: '11' });
    },
  );

  it.each(databases.eachSupportedId())(
    'written after the deletion was archived (by a replica that saw it first), on %p',
    async id => {
      const { archive, row } = await setUp(id);
      await archive.upsertRun(live, { resourceVersion: '10' });
      await archive.upsertRun(deletedWhileRunning, {
        resourceVersion: '12',
        deletedAt: '2026-11-27T10:05:02Z',
      });
      expect(
        await archive.upsertRun(stopped, { resourceVersion: '10', stoppedBy }),
      ).toBe(true);
      expect(await row()).toMatchObject({
        ...outcome,
        rv: '12',
        deletedAt: '2026-11-27T10:05:02Z',
      });
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
