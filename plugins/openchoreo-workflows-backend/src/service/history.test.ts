import { TestDatabases } from '@backstage/backend-test-utils';
import {
  RunDetail,
  RunSummary,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../cluster/ClusterState';
import { RunArchive } from '../database/RunArchive';
import { listHistory, MAX_ARCHIVED_SCAN, RunQuery } from './history';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';
import { unstartedCluster } from '../__testUtils__/clusters';
import { runOnC1 } from '../__testUtils__/runDetails';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();

const cluster = unstartedCluster;

const at = (minute: number) =>
  new Date(Date.UTC(2026, 10, 27, 10, minute))
    .toISOString()
    .replace('.000Z', 'Z');

function liveRun(
  name: string,
  minute: number,
  uid = `uid-${name}`,
  repo = 'r1',
): WorkflowRunResource {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'WorkflowRun',
    metadata: {
      namespace: 'default',
      name,
      uid,
      resourceVersion: '10',
      creationTimestamp: at(minute),
    },
    spec: {
      workflow: { kind: 'Workflow', name: 'build', parameters: { repo } },
    },
  } as WorkflowRunResource;
}

function archived(
  name: string,
  minute: number,
  over: Partial<RunDetail> = {},
): RunDetail {
  return runOnC1(name, {
    workflow: { kind: 'Workflow', name: 'build' } as RunDetail['workflow'],
    phase: 'Succeeded',
    createdAt: at(minute),
    parameters: { repo: 'r1' },
    archived: true,
    ...over,
  });
}

async function allPages(
  archive: RunArchive,
  c: ClusterState,
  q: RunQuery,
  allowed: (r: RunSummary) => boolean = () => true,
) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listHistory(
      archive.history,
      c,
      { ...q, cursor },
      allowed,
    );
    pages.push(page.items.map(r => `${r.name}${r.archived ? '*' : ''}`));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('listHistory', () => {
  it.each(databases.eachSupportedId())(
    'pages live and archived runs with one cursor on %p',
    async id => {
      ran.add(id);
      const archive = await RunArchive.forKnex(await databases.init(id));
      const c = cluster();
      const gone = { deletedAt: '2026-11-28T00:00:00Z' };
      for (const [name, minute] of [
        ['l1', 1],
        ['l3', 3],
        ['l5', 5],
        ['l6', 6],
      ] as const) {
        c.runs.upsertLocal(liveRun(name, minute));
      }
      for (const [name, minute] of [
        ['a0', 0],
        ['a2', 2],
        ['a4', 4],
        ['a7', 7],
      ] as const) {
        await archive.upsertRun(archived(name, minute), gone);
      }
      // A run re-created under an archived run's name: both are listed.
      await archive.upsertRun(
        archived('l5', 2.5 as number, { uid: 'uid-l5-old' }),
        gone,
      );
      // Archived and still in the cache (a deletion not yet seen): listed once, as live.
      await archive.upsertRun(archived('l6', 6), gone);
      // In the archive but not deleted: it is live, the cache serves it.
      await archive.upsertRun(archived('l3', 3));

      const everything = [
        'a7*',
        'l6',
        'l5',
        'a4*',
        'l3',
        'l5*',
        'a2*',
        'l1',
        'a0*',
      ];
      expect((await allPages(archive, c, { limit: 50 })).flat()).toEqual(
        everything,
      );
      for (const limit of [1, 2, 3, 4]) {
        const pages = await allPages(archive, c, { limit });
        expect(pages.flat()).toEqual(everything);
        expect(
          pages.every(p => p.length === limit || p === pages[pages.length - 1]),
        ).toBe(true);
      }
      // Filters apply to both sides alike.
      expect(
        (
          await allPages(archive, c, { limit: 2, since: at(3), until: at(6) })
        ).flat(),
      ).toEqual(['l6', 'l5', 'a4*', 'l3']);
      const odd = (r: RunSummary) => Number(r.name.slice(1)) % 2 === 1;
      expect((await allPages(archive, c, { limit: 2 }, odd)).flat()).toEqual([
        'a7*',
        'l5',
        'l3',
        'l5*',
        'l1',
      ]);
      expect(
        (
          await allPages(archive, c, { limit: 2, phases: ['Succeeded'] })
        ).flat(),
      ).toEqual(['a7*', 'a4*', 'l5*', 'a2*', 'a0*']);
      await expect(
        listHistory(archive.history, c, { cursor: 'not-a-cursor' }, () => true),
      ).rejects.toThrow('cursor: is not a cursor this API returned');
    },
  );

  it.each(databases.eachSupportedId())(
    'reads a bounded number of archived runs per request, continuing with a cursor, on %p',
    async id => {
      const knex = await databases.init(id);
      const archive = await RunArchive.forKnex(knex);
      const c = cluster();
      const gone = { deletedAt: '2026-11-28T00:00:00Z' };
      // Many archived runs a parameter filter rejects, then one it wants.
      const rows = Array.from({ length: MAX_ARCHIVED_SCAN + 10 }, (_, i) => i);
      for (const i of rows) {
        await archive.upsertRun(
          archived(`x${i}`, 0, {
            createdAt: new Date(
              Date.UTC(2026, 10, 27, 12, 0, 0, -i * 10),
            ).toISOString(),
            parameters: { repo: 'r2' },
          }),
          gone,
        );
      }
      await archive.upsertRun(archived('wanted', 0), gone);
      c.runs.upsertLocal(liveRun('live-old', 0, 'uid-live-old', 'r1'));
      const q: RunQuery = { limit: 5, params: { repo: 'r1' } };
      const first = await listHistory(archive.history, c, q, () => true);
      expect(first.items).toEqual([]);
      expect(first.nextCursor).toBeDefined();
      const second = await listHistory(
        archive.history,
        c,
        { ...q, cursor: first.nextCursor },
        () => true,
      );
      expect(second.items.map(r => r.name).sort()).toEqual([
        'live-old',
        'wanted',
      ]);
      expect(second.nextCursor).toBeUndefined();
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
