import fs from 'node:fs';
import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { RunArchive } from './RunArchive';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();
const directory = resolvePackagePath(
  '@openchoreo-workflows/plugin-openchoreo-workflows-backend',
  'migrations',
);

const oldRow = (name: string, over: Record<string, unknown> = {}) => ({
  cluster: 'c1',
  namespace: 'default',
  name,
  uid: `uid-${name}`,
  workflow_kind: 'Workflow',
  workflow_name: 'build',
  phase: 'Succeeded',
  launched_by: 'user:default/jane',
  created_at: '2026-11-27T10:00:00.000Z',
  completed_at: '2026-11-27T10:05:00.000Z',
  detail: JSON.stringify({
    cluster: 'c1',
    namespace: 'default',
    name,
    uid: `uid-${name}`,
    phase: 'Succeeded',
    workflow: { kind: 'Workflow', name: 'build' },
    parameters: {},
  }),
  deleted_at: '2026-11-28T00:00:00Z',
  ...over,
});

describe('the archive-by-uid migration', () => {
  it.each(databases.eachSupportedId())(
    'moves runs and logs of the earlier shape on %p',
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      // The schema before this migration: the three earlier ones.
      for (let i = 0; i < 3; i++) await knex.migrate.up({ directory });
      await knex('ocw_runs').insert([
        oldRow('a'),
        oldRow('b', {
          created_at: '2026-11-27T11:00:00.000Z',
          deleted_at: null,
        }),
        oldRow('no-uid', { uid: null, created_at: null }),
      ]);
      await knex('ocw_run_logs').insert([
        {
          cluster: 'c1',
          namespace: 'default',
          name: 'a',
          task: 'build',
          complete: true,
          lines: JSON.stringify([
            { task: 'build', text: 'one' },
            { task: 'build', text: 'two' },
          ]),
        },
        {
          cluster: 'c1',
          namespace: 'default',
          name: 'no-uid',
          task: 'build',
          complete: false,
          lines: '[]',
        },
      ]);

      const archive = await RunArchive.forKnex(knex);
      expect(
        (await archive.getRun('c1', 'default', 'a', 'uid-a'))?.deletedAt,
      ).toBe('2026-11-28T00:00:00Z');
      expect((await archive.getRun('c1', 'default', 'b'))?.run.uid).toBe(
        'uid-b',
      );
      expect(
        await archive.getRun('c1', 'default', 'no-uid', 'nouid:default/no-uid'),
      ).toBeDefined();
      expect(await archive.getLogs('c1', 'default', 'a', 'uid-a')).toEqual([
        {
          task: 'build',
          complete: true,
          lines: [
            { task: 'build', text: 'one' },
            { task: 'build', text: 'two' },
          ],
        },
      ]);
      expect(await archive.getLogs('c1', 'default', 'no-uid')).toEqual([
        { task: 'build', complete: false, lines: [] },
      ]);
      // Appending to a migrated log continues after its lines.
      await archive.saveLogs(
        { cluster: 'c1', namespace: 'default', name: 'no-uid', task: 'build' },
        [{ task: 'build', text: 'new' }],
        true,
      );
      expect(
        (await archive.getLogs('c1', 'default', 'no-uid'))[0].lines,
      ).toEqual([{ task: 'build', text: 'new' }]);
      // In history (archived only), newest first; no creation time last.
      const page = await archive.history.page({ cluster: 'c1', limit: 10 });
      expect(page.map(r => r.summary.name)).toEqual(['a', 'no-uid']);
      // A newer write of a migrated run (no resourceVersion yet) is taken.
      expect(
        await archive.upsertRun(
          {
            ...JSON.parse(oldRow('a').detail),
            createdAt: '2026-11-27T10:00:00Z',
            phase: 'Failed',
          },
          { resourceVersion: '5' },
        ),
      ).toBe(true);

      // And back (this migration and those after it, newest first): one row
      // per name, one log row per step.
      while ((await knex.migrate.list({ directory }))[0].length > 3) {
        await knex.migrate.down({ directory });
      }
      const names = (await knex('ocw_runs').select('name', 'uid')).sort(
        (x, y) => x.name.localeCompare(y.name),
      );
      expect(names).toEqual([
        { name: 'a', uid: 'uid-a' },
        { name: 'b', uid: 'uid-b' },
        { name: 'no-uid', uid: null },
      ]);
      const logs = await knex('ocw_run_logs').where({ name: 'a' });
      expect(JSON.parse(logs[0].lines)).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'replicas starting at once on an empty database all migrate it (%p)',
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      // On PostgreSQL each start has a client of its own, as replicas do (an
      // in-memory SQLite database exists on its one client only).
      const clients = [1, 2, 3].map(() =>
        id === 'SQLITE_3' ? knex : knexFactory(knex.client.config),
      );
      try {
        await expect(
          Promise.all(clients.map(c => RunArchive.forKnex(c))),
        ).resolves.toHaveLength(3);
      } finally {
        for (const c of clients) if (c !== knex) await c.destroy();
      }
      const [{ n }] = await knex('knex_migrations').count({ n: '*' });
      expect(Number(n)).toBe(
        fs.readdirSync(directory).filter(f => f.endsWith('.js')).length,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    "rolling back the schedules' kept decisions keeps their ticks (%p)",
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory });
      await knex('ocw_schedules').insert({
        id: 's1',
        cluster: 'c1',
        workflow_kind: 'Workflow',
        workflow_name: 'build',
        workflow_namespace: 'default',
        namespace: 'default',
        parameters: '{}',
        cron: '* * * * *',
        timezone: 'UTC',
        owner: 'user:default/jane',
        created_at: '2026-12-01T00:00:00.000Z',
        updated_at: '2026-12-01T00:00:00.000Z',
      });
      await knex('ocw_schedule_ticks').insert({
        schedule_id: 's1',
        tick_at: '2026-12-01T00:01:00.000Z',
        outcome: 'launched',
      });
      // Down to the schedules' tick claims (the two decision migrations):
      // SQLite's table rebuild for a dropped column cascaded to the ticks.
      while (
        (await knex.migrate.list({ directory }))[0].at(-1)?.name !==
        '20261130213000_run_stopped_by.js'
      ) {
        await knex.migrate.down({ directory });
      }
      expect(await knex('ocw_schedules').pluck('id')).toEqual(['s1']);
      expect(await knex('ocw_schedule_ticks').pluck('outcome')).toEqual([
        'launched',
      ]);
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
