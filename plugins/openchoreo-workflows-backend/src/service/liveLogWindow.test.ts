/*
 * A window of a live step's long log (issue 13): the step is still running,
 * its pod cannot be read (the workflow plane does not answer), so the window
 * comes from what the archive kept. The read loads the chunks that hold the
 * window and the stored tail (to append what a pod would add), never the
 * whole log: counted as chunk rows fetched, from knex's own events.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import {
  LogLine,
  RunDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import { unstartedCluster } from '../__testUtils__/clusters';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';
import { CHUNK_LINES } from '../database/logChunks';
import { RunArchive } from '../database/RunArchive';
import { LogService } from './LogService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();

const LINES = 100_000;

const run: RunDetail = {
  cluster: 'c1',
  namespace: 'default',
  name: 'long-live',
  uid: 'uid-long-live',
  workflow: { kind: 'Workflow', name: 'build' },
  generation: 'v1',
  phase: 'Running',
  createdAt: '2026-11-30T10:00:00Z',
  startedAt: '2026-11-30T10:00:01Z',
  parameters: {},
  runReference: {
    kind: 'Workflow',
    namespace: 'workflows-default',
    name: 'long-live',
  },
  taskCount: 1,
  tasksSucceeded: 0,
  archived: false,
  tasks: [
    { name: 'build', phase: 'Running', startedAt: '2026-11-30T10:00:01Z' },
  ],
  conditions: [],
  outputs: {},
  labels: {},
  annotations: {},
} as RunDetail;

const line = (i: number): LogLine => ({
  task: 'build',
  timestamp: new Date(Date.UTC(2026, 10, 30, 10, 0, 1) + i * 2).toISOString(),
  text: `line ${i}`,
});

/** Chunk rows fetched from the archive, counted from knex's own events. */
function countChunkRows(knex: Knex) {
  const count = { rows: 0 };
  knex.on('query-response', (response: unknown, query: any) => {
    if (
      /^select .* from [`"]ocw_run_log_chunks[`"]/.test(query.sql) &&
      Array.isArray(response)
    )
      count.rows += response.length;
  });
  return count;
}

describe("a window of a live step's long log", () => {
  it.each(databases.eachSupportedId())(
    'reads the chunks of the window and the tail, not the whole log, on %p',
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      const archive = await RunArchive.forKnex(knex);
      await archive.upsertRun(run);
      const all = Array.from({ length: LINES }, (_, i) => line(i));
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

  it('ran on every database it should have', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
