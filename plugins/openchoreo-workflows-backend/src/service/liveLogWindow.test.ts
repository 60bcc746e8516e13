/*
 * A window of a live step's long log (issue 13): the step is still running,
 * its pod cannot be read (the workflow plane does not answer), so the window
 * comes from what the archive kept. The read loads the chunks that hold the
 * window and the stored tail (to append what a pod would add), never the
 * whole log: counted as chunk rows fetched, from knex's own events.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { unstartedCluster } from '../__testUtils__/clusters';
import { suiteDatabases } from '../__testUtils__/databases';
import { countChunkRows, longLog } from '../__testUtils__/logArchive';
import { runningRun } from '../__testUtils__/runDetails';
import { CHUNK_LINES } from '../database/logChunks';
import { RunArchive } from '../database/RunArchive';
import { LogService } from './LogService';

jest.setTimeout(120_000);

const databases = suiteDatabases();

const LINES = 100_000;

const run = runningRun('long-live', {
  createdAt: '2026-11-30T10:00:00Z',
  startedAt: '2026-11-30T10:00:01Z',
  runReference: {
    kind: 'Workflow',
    namespace: 'workflows-default',
    name: 'long-live',
  },
  tasks: [
    { name: 'build', phase: 'Running', startedAt: '2026-11-30T10:00:01Z' },
  ],
});

describe("a window of a live step's long log", () => {
  it.each(databases.ids)(
    'reads the chunks of the window and the tail, not the whole log, on %p',
    async id => {
      const knex = await databases.init(id);
      const archive = await RunArchive.forKnex(knex);
      await archive.upsertRun(run);
      const all = longLog(
        'build',
        LINES,
        Date.UTC(2026, 10, 30, 10, 0, 1),
        'line',
      );
      await archive.saveLogs({ ...run, task: 'build' }, all, false);
      const logs = new LogService({
        archive,
        logger: mockServices.logger.mock(),
      });
      const cluster = unstartedCluster();
      const fetched = countChunkRows(knex);

      const first = await logs.readWindow(cluster, run, 'build', {
        offset: 0,
        limit: 1000,
      });
      expect(first).toMatchObject({
        offset: 0,
        total: LINES,
        complete: false,
        steps: [
          {
            task: 'build',
            source: 'archive',
            reason: 'workflowPlaneUnreachable',
          },
        ],
      });
      expect(first.lines).toEqual(all.slice(0, 1000));
      // The window's chunk, read again after the refresh, and the tail's chunk.
      expect(fetched.rows).toBeLessThanOrEqual(3);

      fetched.rows = 0;
      const middle = await logs.readWindow(cluster, run, 'build', {
        offset: 45_500,
        limit: 1000,
      });
      expect(middle.lines).toEqual(all.slice(45_500, 46_500));
      expect(fetched.rows).toBeLessThanOrEqual(5);

      fetched.rows = 0;
      const last = await logs.readWindow(cluster, run, 'build', {
        offset: -CHUNK_LINES,
        limit: CHUNK_LINES,
      });
      expect(last).toMatchObject({ offset: LINES - CHUNK_LINES, total: LINES });
      expect(last.lines).toEqual(all.slice(-CHUNK_LINES));
      expect(fetched.rows).toBeLessThanOrEqual(3);
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(databases.missed()).toEqual([]);
  });
});
