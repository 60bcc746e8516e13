import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { RunArchive } from './RunArchive';

jest.setTimeout(60_000);

/**
 * SQLite always runs. PostgreSQL runs when its connection string is set, as CI
 * does with scripts/start-postgres.sh (Debian bookworm ships PostgreSQL 15):
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(scripts/start-postgres.sh)
 * TestDatabases leaves out ids it cannot start, so the test below checks which ran.
 */
const ids: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
];
const databases = TestDatabases.create({ ids });
const ran = new Set<string>();

function detail(name: string, over: Partial<RunDetail> = {}): RunDetail {
  return {
    cluster: 'c1',
    namespace: 'default',
    name,
    uid: `uid-${name}`,
    workflow: {
      kind: 'Workflow',
      name: 'build',
      namespace: 'default',
    } as RunDetail['workflow'],
    generation: 'v1',
    phase: 'Running',
    launchedBy: 'user:default/jane',
    createdAt: '2026-11-27T10:00:00Z',
    parameters: { repository: { url: 'https://example.com/r' } },
    taskCount: 1,
    tasksSucceeded: 0,
    archived: false,
    tasks: [{ name: 'build', phase: 'Running' }],
    conditions: [],
    outputs: {},
    labels: {},
    annotations: {},
    ...over,
  };
}

describe('RunArchive', () => {
  it.each(databases.eachSupportedId())(
    'stores, finds, orders and filters runs on %p',
    async id => {
      ran.add(id);
      const archive = await RunArchive.forKnex(await databases.init(id));
      await archive.upsertRun(
        detail('a', { createdAt: '2026-11-27T10:00:00Z' }),
      );
      await archive.upsertRun(
        detail('b', {
          createdAt: '2026-11-27T11:00:00Z',
          workflow: { kind: 'Workflow', name: 'test' } as any,
        }),
      );
      await archive.upsertRun(
        detail('c', { createdAt: '2026-11-27T11:00:00Z', namespace: 'team-x' }),
      );
      await archive.upsertRun(
        detail('d', { createdAt: '2026-11-27T12:00:00Z', cluster: 'c2' }),
      );

      // Upsert replaces the row (same cluster/namespace/name) and keeps one.
      await archive.upsertRun(
        detail('a', {
          phase: 'Succeeded',
          completedAt: '2026-11-27T10:05:00Z',
        }),
      );
      expect((await archive.getRun('c1', 'default', 'a'))?.run).toMatchObject({
        phase: 'Succeeded',
        completedAt: '2026-11-27T10:05:00Z',
      });
      expect(
        (await archive.getRun('c1', 'default', 'a'))?.deletedAt,
      ).toBeUndefined();
      expect(await archive.getRun('c1', 'default', 'nope')).toBeUndefined();
      expect(await archive.getRun('c2', 'default', 'a')).toBeUndefined();

      const names = async (q: Parameters<RunArchive['listRuns']>[0]) =>
        (await archive.listRuns(q)).map(r => `${r.namespace}/${r.name}`);
      // Newest first; equal times by name, descending.
      expect(await names({ cluster: 'c1' })).toEqual([
        'team-x/c',
        'default/b',
        'default/a',
      ]);
      expect(await names({ cluster: 'c1', limit: 2 })).toEqual([
        'team-x/c',
        'default/b',
      ]);
      expect(await names({ cluster: 'c1', namespace: 'default' })).toEqual([
        'default/b',
        'default/a',
      ]);
      expect(await names({ cluster: 'c1', workflowName: 'test' })).toEqual([
        'default/b',
      ]);
      expect(await names({ cluster: 'c2' })).toEqual(['default/d']);
      expect(
        await names({ cluster: 'c1', createdAfter: '2026-11-27T10:30:00Z' }),
      ).toEqual(['team-x/c', 'default/b']);
      expect(
        await names({ cluster: 'c1', createdBefore: '2026-11-27T10:30:00Z' }),
      ).toEqual(['default/a']);
      // Bounds are inclusive, whatever the precision of the bound (the router sends milliseconds).
      expect(
        await names({
          cluster: 'c1',
          createdBefore: '2026-11-27T10:00:00.000Z',
        }),
      ).toEqual(['default/a']);
      expect(
        await names({
          cluster: 'c1',
          createdAfter: '2026-11-27T11:00:00.000Z',
          createdBefore: '2026-11-27T11:00:00.999Z',
        }),
      ).toEqual(['team-x/c', 'default/b']);
      expect(
        await names({
          cluster: 'c1',
          createdAfter: '2026-11-27T10:00:00.500Z',
          createdBefore: '2026-11-27T10:59:59Z',
        }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'orders runs without a creation time last on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      await archive.upsertRun(
        detail('no-time', { cluster: 'c3', createdAt: undefined }),
      );
      await archive.upsertRun(
        detail('old', { cluster: 'c3', createdAt: '2026-01-01T00:00:00Z' }),
      );
      await archive.upsertRun(
        detail('new', { cluster: 'c3', createdAt: '2026-06-01T00:00:00.250Z' }),
      );
      expect(
        (await archive.listRuns({ cluster: 'c3' })).map(r => r.name),
      ).toEqual(['new', 'old', 'no-time']);
      // The stored detail keeps the time exactly as the cluster wrote it.
      expect(
        (await archive.getRun('c3', 'default', 'old'))?.run.createdAt,
      ).toBe('2026-01-01T00:00:00Z');
    },
  );

  it.each(databases.eachSupportedId())(
    'marks runs deleted once and keeps the first time on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      await archive.upsertRun(detail('gone'));
      await archive.upsertRun(detail('alive'));
      await archive.markDeleted(
        'c1',
        'default',
        'gone',
        '2026-11-28T00:00:00Z',
      );
      await archive.markDeleted(
        'c1',
        'default',
        'gone',
        '2026-11-29T00:00:00Z',
      );
      await archive.markDeleted(
        'c1',
        'default',
        'never-stored',
        '2026-11-29T00:00:00Z',
      );
      expect((await archive.getRun('c1', 'default', 'gone'))?.deletedAt).toBe(
        '2026-11-28T00:00:00Z',
      );
      expect(
        (await archive.listRuns({ cluster: 'c1', onlyDeleted: true })).map(
          r => r.name,
        ),
      ).toEqual(['gone']);
      expect(
        await archive.getRun('c1', 'default', 'never-stored'),
      ).toBeUndefined();
      // Archiving at stop time records the deletion with the final detail.
      await archive.upsertRun(
        detail('alive', { phase: 'Failed', reason: 'Stopped' }),
        '2026-11-28T01:00:00Z',
      );
      expect(await archive.getRun('c1', 'default', 'alive')).toMatchObject({
        run: { phase: 'Failed', reason: 'Stopped' },
        deletedAt: '2026-11-28T01:00:00Z',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps step logs per task, replacing what was read before, on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      const key = { cluster: 'c1', namespace: 'default', name: 'r1' };
      await archive.saveLogs(
        { ...key, task: 'clone' },
        [{ task: 'clone', timestamp: '2026-11-27T10:00:01Z', text: 'cloning' }],
        false,
      );
      await archive.saveLogs(
        { ...key, task: 'build' },
        [{ task: 'build', text: 'no timestamp' }],
        false,
      );
      const longLine = 'x'.repeat(100_000);
      await archive.saveLogs(
        { ...key, task: 'clone' },
        [
          { task: 'clone', timestamp: '2026-11-27T10:00:01Z', text: 'cloning' },
          {
            task: 'clone',
            timestamp: '2026-11-27T10:00:02Z',
            text: `done ✓ ${longLine}`,
          },
        ],
        true,
      );
      const logs = (await archive.getLogs('c1', 'default', 'r1')).sort((a, b) =>
        a.task.localeCompare(b.task),
      );
      expect(logs.map(l => [l.task, l.complete, l.lines.length])).toEqual([
        ['build', false, 1],
        ['clone', true, 2],
      ]);
      expect(logs[1].lines[1].text).toBe(`done ✓ ${longLine}`);
      expect(await archive.getLogs('c1', 'default', 'other')).toEqual([]);
      expect(await archive.getLogs('c2', 'default', 'r1')).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'records a launch once per user and idempotency key on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      expect(
        await archive.findLaunch('c1', 'user:default/jane', 'k1'),
      ).toBeUndefined();
      await archive.recordLaunch('c1', 'user:default/jane', 'k1', {
        namespace: 'default',
        name: 'run-1',
      });
      // A racing second launch with the same key does not replace the first, nor fail.
      await archive.recordLaunch('c1', 'user:default/jane', 'k1', {
        namespace: 'default',
        name: 'run-2',
      });
      await Promise.all([
        archive.recordLaunch('c1', 'user:default/jane', 'k2', {
          namespace: 'default',
          name: 'run-3',
        }),
        archive.recordLaunch('c1', 'user:default/jane', 'k2', {
          namespace: 'default',
          name: 'run-4',
        }),
      ]);
      await archive.recordLaunch('c1', 'user:default/john', 'k1', {
        namespace: 'default',
        name: 'run-5',
      });
      await archive.recordLaunch('c2', 'user:default/jane', 'k1', {
        namespace: 'default',
        name: 'run-6',
      });
      expect(await archive.findLaunch('c1', 'user:default/jane', 'k1')).toEqual(
        { namespace: 'default', name: 'run-1' },
      );
      expect(['run-3', 'run-4']).toContain(
        (await archive.findLaunch('c1', 'user:default/jane', 'k2'))?.name,
      );
      expect(await archive.findLaunch('c1', 'user:default/john', 'k1')).toEqual(
        { namespace: 'default', name: 'run-5' },
      );
      expect(await archive.findLaunch('c2', 'user:default/jane', 'k1')).toEqual(
        { namespace: 'default', name: 'run-6' },
      );
    },
  );

  it('migrates again without error (a second replica starting)', async () => {
    const knex = await databases.init('SQLITE_3');
    await RunArchive.forKnex(knex);
    await expect(RunArchive.forKnex(knex)).resolves.toBeInstanceOf(RunArchive);
  });

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    // TestDatabases drops ids it cannot start: make sure that is never a silent pass.
    expect(ran.has('SQLITE_3')).toBe(true);
    const postgres = [...ran].filter(i => i.startsWith('POSTGRES'));
    const required = Boolean(process.env.OCW_REQUIRE_POSTGRES);
    expect({ required, ranOnPostgres: postgres.length > 0 }).not.toEqual({
      required: true,
      ranOnPostgres: false,
    });
    // eslint-disable-next-line no-console
    console.info(
      `RunArchive tests ran on: ${[...ran].join(', ')}${
        postgres.length
          ? ''
          : ' (no PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)'
      }`,
    );
  });
});
