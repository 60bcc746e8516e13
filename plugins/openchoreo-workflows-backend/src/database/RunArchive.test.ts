import { TestDatabases } from '@backstage/backend-test-utils';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { CHUNK_LINES } from './logChunks';
import { RunArchive, resourceVersionNumber } from './RunArchive';
import { ArchivedRunsQuery } from './RunHistory';
import { DATABASE_IDS } from '../__testUtils__/databases';
import { runningRun } from '../__testUtils__/runDetails';

jest.setTimeout(60_000);

// SQLite always, PostgreSQL when CI sets its connection string; the last test checks which ran.
const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();

/** A Running run `name`, launched by jane with a repository. */
const detail = (name: string, over: Partial<RunDetail> = {}) =>
  runningRun(name, {
    launchedBy: 'user:default/jane',
    parameters: { repository: { url: 'https://example.com/r' } },
    ...over,
  });

describe('RunArchive', () => {
  it.each(databases.eachSupportedId())(
    'keys runs by uid: a re-created run is another row, with its own logs, on %p',
    async id => {
      ran.add(id);
      const archive = await RunArchive.forKnex(await databases.init(id));
      await archive.upsertRun(detail('a', { uid: 'u1', phase: 'Succeeded' }), {
        deletedAt: '2026-11-27T10:10:00Z',
      });
      await archive.saveLogs(
        {
          cluster: 'c1',
          namespace: 'default',
          name: 'a',
          uid: 'u1',
          task: 'build',
        },
        [{ task: 'build', text: 'first run' }],
        true,
      );
      await archive.upsertRun(
        detail('a', { uid: 'u2', createdAt: '2026-11-27T11:00:00Z' }),
      );
      expect(
        (await archive.getRun('c1', 'default', 'a', 'u1'))?.run,
      ).toMatchObject({ uid: 'u1', phase: 'Succeeded' });
      // Without a uid: the newest run of that name.
      expect((await archive.getRun('c1', 'default', 'a'))?.run.uid).toBe('u2');
      expect(await archive.getRun('c1', 'default', 'a', 'u3')).toBeUndefined();
      expect(await archive.getRun('c2', 'default', 'a')).toBeUndefined();
      expect(await archive.getLogs('c1', 'default', 'a', 'u2')).toEqual([]);
      expect(
        (await archive.getLogs('c1', 'default', 'a', 'u1')).map(l => l.lines),
      ).toEqual([[{ task: 'build', text: 'first run' }]]);

      // The first deletion time is kept.
      for (const deletedAt of [
        '2026-11-28T00:00:00Z',
        '2026-11-29T00:00:00Z',
      ]) {
        await archive.upsertRun(
          detail('a', { uid: 'u2', createdAt: '2026-11-27T11:00:00Z' }),
          { deletedAt },
        );
      }
      expect(
        (await archive.getRun('c1', 'default', 'a', 'u2'))?.deletedAt,
      ).toBe('2026-11-28T00:00:00Z');
      expect(
        (await archive.getRun('c1', 'default', 'a', 'u1'))?.deletedAt,
      ).toBe('2026-11-27T10:10:00Z');
    },
  );

  it.each(databases.eachSupportedId())(
    'lets a write of the same version bring the outputs the first one could not read, once, on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      const write = (outputs: RunDetail['outputs'], outputsMissing: boolean) =>
        archive.upsertRun(detail('o', { phase: 'Succeeded', outputs }), {
          resourceVersion: '40',
          outputsMissing,
        });
      // The first replica could not read Argo: the run is kept without outputs.
      expect(await write({}, true)).toBe(true);
      // Another replica (or a restart) that could: its copy of the version fills them in...
      expect(await write({ image: 'r/app:1' }, false)).toBe(true);
      expect((await archive.getRun('c1', 'default', 'o'))?.run.outputs).toEqual(
        { image: 'r/app:1' },
      );
      // ...and then the version is held: neither a copy nor a miss writes again.
      expect(await write({ image: 'r/app:1' }, false)).toBe(false);
      expect(await write({}, true)).toBe(false);
      expect((await archive.getRun('c1', 'default', 'o'))?.run.outputs).toEqual(
        { image: 'r/app:1' },
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'never lets an older resourceVersion overwrite a newer one, nor revive a deleted run, on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      const write = (
        phase: RunDetail['phase'],
        rv?: string,
        deletedAt?: string,
      ) =>
        archive.upsertRun(detail('g', { phase }), {
          resourceVersion: rv,
          deletedAt,
        });
      expect(await write('Running', '100')).toBe(true);
      expect(await write('Succeeded', '250')).toBe(true);
      // Integers, not text: '99' > '250' as text.
      expect(await write('Running', '99')).toBe(false);
      expect(await write('Running', '249')).toBe(false);
      expect((await archive.getRun('c1', 'default', 'g'))?.run.phase).toBe(
        'Succeeded',
      );
      // The same version again (another replica, a re-list) is not written again...
      expect(await write('Succeeded', '250')).toBe(false);
      // ...except to record the run's deletion, once.
      expect(await write('Succeeded', '250', '2026-11-27T23:00:00Z')).toBe(
        true,
      );
      expect(await write('Succeeded', '250', '2026-11-27T23:30:00Z')).toBe(
        false,
      );
      expect((await archive.getRun('c1', 'default', 'g'))?.deletedAt).toBe(
        '2026-11-27T23:00:00Z',
      );
      expect(await write('Succeeded', '300', '2026-11-28T00:00:00Z')).toBe(
        true,
      );
      // A later write without deletion keeps the deletion: no ghost.
      expect(await write('Succeeded', '301')).toBe(true);
      expect((await archive.getRun('c1', 'default', 'g'))?.deletedAt).toBe(
        '2026-11-27T23:00:00Z',
      );
      // Beyond what a 64-bit integer compares safely in JavaScript, still as integers.
      expect(await write('Succeeded', '9007199254740993')).toBe(true);
      expect(await write('Running', '9007199254740992')).toBe(false);
      // Opaque (non-integer) versions: the order the cache saw them in wins.
      const other = (phase: RunDetail['phase'], rv?: string) =>
        archive.upsertRun(detail('h', { phase }), { resourceVersion: rv });
      expect(await other('Running', 'b')).toBe(true);
      expect(await other('Succeeded', 'a')).toBe(true);
      expect(await other('Failed')).toBe(true);
      expect((await archive.getRun('c1', 'default', 'h'))?.run.phase).toBe(
        'Failed',
      );
      expect(resourceVersionNumber('0012')).toBeUndefined();
      expect(resourceVersionNumber('12a')).toBeUndefined();
      expect(resourceVersionNumber('1'.repeat(19))).toBeUndefined();
      expect(resourceVersionNumber('123')).toBe('123');
    },
  );

  it.each(databases.eachSupportedId())(
    'pages archived runs with a keyset, by every filter, in one order on %p',
    async id => {
      const archive = await RunArchive.forKnex(await databases.init(id));
      const gone = { deletedAt: '2026-11-30T00:00:00Z' };
      const runs: Array<[string, Partial<RunDetail>]> = [
        ['a', { createdAt: '2026-11-27T10:00:00Z' }],
        [
          'b',
          {
            createdAt: '2026-11-27T11:00:00Z',
            workflow: { kind: 'Workflow', name: 'test' } as any,
          },
        ],
        [
          'c',
          {
            createdAt: '2026-11-27T11:00:00Z',
            namespace: 'team-x',
            phase: 'Failed',
          },
        ],
        ['d', { createdAt: '2026-11-27T12:00:00Z', cluster: 'c2' }],
        [
          'e',
          {
            createdAt: '2026-11-27T11:00:00.000Z',
            namespace: 'team',
            launchedBy: 'user:default/john',
          },
        ],
        ['f', { createdAt: undefined }],
        [
          'g',
          {
            createdAt: '2026-11-27T11:00:00Z',
            namespace: 'team-x',
            uid: 'uid-g-2',
            name: 'c',
          },
        ],
      ];
      for (const [name, over] of runs)
        await archive.upsertRun(detail(name, over), gone);
      // Still in the cluster: never in the archived history.
      await archive.upsertRun(
        detail('live', { createdAt: '2026-11-27T13:00:00Z' }),
      );

      const names = async (q: Partial<ArchivedRunsQuery>) =>
        (await archive.history.page({ cluster: 'c1', limit: 100, ...q })).map(
          r => `${r.summary.namespace}/${r.summary.name}:${r.summary.uid}`,
        );
      // Newest first; at the same time by namespace/name in code-unit order
      // ('team/e' before 'team-x/c': '/' > '-'), then uid; no time: last.
      const all = [
        'team/e:uid-e',
        'team-x/c:uid-g-2',
        'team-x/c:uid-c',
        'default/b:uid-b',
        'default/a:uid-a',
        'default/f:uid-f',
      ];
      expect(await names({})).toEqual(all);
      const first = await archive.history.page({ cluster: 'c1', limit: 2 });
      expect(first.map(r => r.summary.archived)).toEqual([true, true]);
      expect(first[0].summary).not.toHaveProperty('tasks');
      // Every position as a cursor gives the rest, whatever the page size.
      for (let i = 0; i < all.length; i++) {
        const [at] = await archive.history.page({
          cluster: 'c1',
          limit: 1,
          after: i
            ? (
                await archive.history.page({ cluster: 'c1', limit: i })
              )[i - 1].position
            : undefined,
        });
        expect(
          `${at.summary.namespace}/${at.summary.name}:${at.summary.uid}`,
        ).toBe(all[i]);
        expect(await names({ after: at.position })).toEqual(all.slice(i + 1));
      }
      // A cursor of an earlier version (no uid) continues after every run at that place.
      expect(
        await names({
          after: { c: '2026-11-27T11:00:00.000Z', k: 'team-x/c' },
        }),
      ).toEqual(all.slice(3));
      expect(await names({ workflowName: 'test' })).toEqual([
        'default/b:uid-b',
      ]);
      expect(
        await names({ workflowName: 'build', workflowKind: 'ClusterWorkflow' }),
      ).toEqual([]);
      expect(await names({ namespace: 'team-x' })).toEqual(all.slice(1, 3));
      expect(await names({ phases: ['Failed'] })).toEqual(['team-x/c:uid-c']);
      expect(await names({ phases: ['Failed', 'Running'] })).toEqual(all);
      expect(await names({ launchedBy: 'user:default/john' })).toEqual([
        'team/e:uid-e',
      ]);
      expect(await names({ cluster: 'c2' })).toEqual(['default/d:uid-d']);
      // Bounds are inclusive, whatever the precision of the bound.
      expect(await names({ since: '2026-11-27T11:00:00.000Z' })).toEqual(
        all.slice(0, 4),
      );
      expect(await names({ until: '2026-11-27T10:00:00.000Z' })).toEqual([
        'default/a:uid-a',
      ]);
      expect(
        await names({
          since: '2026-11-27T10:00:00.500Z',
          until: '2026-11-27T10:59:59Z',
        }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'appends step logs in chunks, never rewriting them, and reads them by offset on %p',
    async id => {
      const knex = await databases.init(id);
      const archive = await RunArchive.forKnex(knex);
      const key = {
        cluster: 'c1',
        namespace: 'default',
        name: 'r1',
        uid: 'u-r1',
      };
      const line = (i: number) => ({
        task: 'clone',
        timestamp: `2026-11-27T10:00:0${i % 10}Z`,
        text: `line ${i}`,
      });
      const lines = Array.from({ length: 2500 }, (_, i) => line(i));
      await archive.saveLogs(
        { ...key, task: 'clone' },
        lines.slice(0, 2),
        false,
      );
      await archive.saveLogs(
        { ...key, task: 'build' },
        [{ task: 'build', text: 'no timestamp' }],
        false,
      );
      const chunkRows = () =>
        knex('ocw_run_log_chunks')
          .where({ run_uid: 'u-r1', task: 'clone' })
          .orderBy('start_line');
      const firstChunk = (await chunkRows())[0];
      // The whole log as read is given; only what is new is written.
      await archive.saveLogs(
        { ...key, task: 'clone' },
        lines.slice(0, 2),
        false,
      );
      await archive.saveLogs({ ...key, task: 'clone' }, lines, false);
      const stored = await chunkRows();
      expect(stored[0]).toEqual(firstChunk);
      expect(
        stored.map(c => [Number(c.start_line), Number(c.line_count)]),
      ).toEqual([
        [0, 2],
        [2, CHUNK_LINES],
        [2 + CHUNK_LINES, CHUNK_LINES],
        [2 + 2 * CHUNK_LINES, 2500 - 2 - 2 * CHUNK_LINES],
      ]);
      // A tail of the log (its lines from `from` on) appends only its new
      // lines; a tail that starts past what is stored (a gap) appends nothing.
      const tail = { ...key, task: 'tail' };
      await archive.saveLogs(tail, lines.slice(0, 10), false);
      await archive.saveLogs(tail, lines.slice(8, 12), false, 8);
      await archive.saveLogs(tail, lines.slice(20, 22), false, 20);
      expect(
        (await archive.getLogs('c1', 'default', 'r1', 'u-r1', 'tail'))[0].lines,
      ).toEqual(lines.slice(0, 12));
      await knex('ocw_run_log_steps').where({ task: 'tail' }).delete();
      await knex('ocw_run_log_chunks').where({ task: 'tail' }).delete();
      // Two backends appending the same read at once store it once.
      const more = [...lines, line(2500), line(2501)];
      await Promise.all([
        archive.saveLogs({ ...key, task: 'clone' }, more, true),
        archive.saveLogs({ ...key, task: 'clone' }, more, true),
      ]);
      // A complete log does not change any more.
      await archive.saveLogs(
        { ...key, task: 'clone' },
        [...more, line(9)],
        true,
      );

      const logs = (await archive.getLogs('c1', 'default', 'r1', 'u-r1')).sort(
        (a, b) => a.task.localeCompare(b.task),
      );
      expect(logs.map(l => [l.task, l.complete, l.lines.length])).toEqual([
        ['build', false, 1],
        ['clone', true, 2502],
      ]);
      expect(logs[1].lines).toEqual(more);
      // One step's log alone, as a read of one step asks for it.
      expect(
        (await archive.getLogs('c1', 'default', 'r1', 'u-r1', 'build')).map(
          l => [l.task, l.lines.length],
        ),
      ).toEqual([['build', 1]]);
      const window = await archive.getLogRange(key, {
        task: 'clone',
        offset: 990,
        limit: 30,
      });
      expect(window).toMatchObject({
        task: 'clone',
        offset: 990,
        total: 2502,
        complete: true,
      });
      expect(window?.lines).toEqual(more.slice(990, 1020));
      expect(
        (
          await archive.getLogRange(key, {
            task: 'clone',
            offset: 2500,
            limit: 10,
          })
        )?.lines,
      ).toEqual(more.slice(2500));
      expect(
        (
          await archive.getLogRange(key, {
            task: 'clone',
            offset: 3000,
            limit: 10,
          })
        )?.lines,
      ).toEqual([]);
      // A negative offset counts from the end: the last lines, or all when fewer.
      expect(
        await archive.getLogRange(key, {
          task: 'clone',
          offset: -1001,
          limit: 1000,
        }),
      ).toMatchObject({
        offset: 1501,
        total: 2502,
        lines: more.slice(1501, 2501),
      });
      expect(
        (
          await archive.getLogRange(key, {
            task: 'clone',
            offset: -5000,
            limit: 3,
          })
        )?.lines,
      ).toEqual(more.slice(0, 3));
      expect(
        await archive.getLogRange(key, { task: 'nope', offset: 0, limit: 10 }),
      ).toBeUndefined();
      // Long lines and any text survive.
      const longLine = `done ✓ ${'x'.repeat(100_000)}`;
      await archive.saveLogs(
        { ...key, task: 'long' },
        [{ task: 'long', text: longLine }],
        true,
      );
      expect(
        (await archive.getLogRange(key, { task: 'long', offset: 0, limit: 1 }))
          ?.lines[0].text,
      ).toBe(longLine);
      expect(await archive.getLogs('c2', 'default', 'r1')).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'applies retention to archived runs only, with their logs, on %p',
    async id => {
      const knex = await databases.init(id);
      const archive = await RunArchive.forKnex(knex);
      const day = (d: number) =>
        `2026-11-${String(d).padStart(2, '0')}T10:00:00Z`;
      const gone = { deletedAt: day(29) };
      for (let d = 1; d <= 10; d++) {
        await archive.upsertRun(
          detail(`build-${d}`, { createdAt: day(d) }),
          gone,
        );
        await archive.saveLogs(
          {
            cluster: 'c1',
            namespace: 'default',
            name: `build-${d}`,
            uid: `uid-build-${d}`,
            task: 'build',
          },
          [{ task: 'build', text: 'x' }],
          true,
        );
        await archive.upsertRun(
          detail(`test-${d}`, {
            createdAt: day(d),
            workflow: { kind: 'Workflow', name: 'test' } as any,
          }),
          gone,
        );
      }
      // Old but still in the cluster: kept.
      await archive.upsertRun(detail('live', { createdAt: day(1) }));
      const left = async () =>
        (await knex('ocw_runs').select('name')).map(r => r.name).sort();
      const now = new Date('2026-11-30T00:00:00Z');
      // Created more than 25 days ago (days 1-4); in batches of 3.
      expect(
        await archive.history.applyRetention(
          { days: 25 },
          { now, batchSize: 3 },
        ),
      ).toBe(8);
      const kept = [5, 6, 7, 8, 9, 10].flatMap(d => [
        `build-${d}`,
        `test-${d}`,
      ]);
      expect(await left()).toEqual([...kept, 'live'].sort());
      // The newest 3 per workflow.
      expect(
        await archive.history.applyRetention({ runsPerWorkflow: 3 }, { now }),
      ).toBe(6);
      expect(await left()).toEqual([
        'build-10',
        'build-8',
        'build-9',
        'live',
        'test-10',
        'test-8',
        'test-9',
      ]);
      const logRuns = await knex('ocw_run_log_steps').select('run_uid');
      expect(logRuns.map(r => r.run_uid).sort()).toEqual([
        'uid-build-10',
        'uid-build-8',
        'uid-build-9',
      ]);
      expect(
        Number((await knex('ocw_run_log_chunks').count({ n: '*' }))[0].n),
      ).toBe(3);
      // Bounded per call.
      expect(
        await archive.history.applyRetention(
          { runsPerWorkflow: 1 },
          { now, maxRows: 3 },
        ),
      ).toBe(3);
      expect(
        await archive.history.applyRetention({ runsPerWorkflow: 1 }, { now }),
      ).toBe(1);
      expect(await left()).toEqual(['build-10', 'live', 'test-10']);
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
