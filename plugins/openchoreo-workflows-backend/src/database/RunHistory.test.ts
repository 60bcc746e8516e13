import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { archiveRow, RunArchive } from './RunArchive';
import { ArchivedRunsQuery } from './RunHistory';
import { DATABASE_IDS, missedDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: DATABASE_IDS });
const ran = new Set<string>();

const cursor = { c: '2026-11-27T10:00:00.000Z', k: 'default/r', u: 'u' };
/** Every history filter alone, with a cursor, and combined. */
const queries: Array<Partial<ArchivedRunsQuery>> = [
  {},
  { after: cursor },
  { workflowName: 'build', after: cursor },
  { workflowName: 'build', workflowKind: 'Workflow' },
  { namespace: 'team-a', after: cursor },
  { phases: ['Failed'], after: cursor },
  { phases: ['Failed', 'Succeeded'] },
  { launchedBy: 'user:default/jane', after: cursor },
  { scheduleId: 'sched-1', after: cursor },
  {
    since: '2026-11-01T00:00:00Z',
    until: '2026-11-20T00:00:00Z',
    after: cursor,
  },
  { workflowName: 'build', until: '2026-11-20T00:00:00Z', after: cursor },
  {
    workflowName: 'build',
    after: cursor,
    before: { c: '2026-11-28T10:00:00.000Z', k: 'default/s', u: 'v' },
  },
];

/** The plan of a page's query, as text. */
async function planOf(knex: Knex, query: Knex.QueryBuilder): Promise<string> {
  const { sql, bindings } = query.toSQL();
  if (knex.client.dialect === 'postgresql') {
    // Sorting and scanning the table are priced out, so a plan that still
    // sorts has no index giving the order.
    return knex.transaction(async trx => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      await trx.raw('SET LOCAL enable_sort = off');
      const rows = (await trx.raw(`EXPLAIN ${sql}`, bindings as any)).rows;
      return rows.map((r: any) => r['QUERY PLAN']).join('\n');
    });
  }
  const rows = await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as any);
  return rows.map((r: any) => r.detail).join('\n');
}

describe('RunHistory', () => {
  it.each(databases.eachSupportedId())(
    'reads every filtered page from a keyset index, without sorting, on %p',
    async id => {
      ran.add(id);
      const knex = await databases.init(id);
      const archive = await RunArchive.forKnex(knex);
      // Plans follow the statistics: a history of one cluster, as in production.
      const rows = Array.from({ length: 3000 }, (_, i) =>
        archiveRow(
          {
            cluster: 'c1',
            namespace: `team-${i % 4}`,
            name: `run-${i}`,
            uid: `uid-${i}`,
            workflow: { kind: 'Workflow', name: `wf-${i % 20}` },
            phase: i % 3 ? 'Succeeded' : 'Failed',
            launchedBy: `user:default/u${i % 30}`,
            createdAt: new Date(
              Date.UTC(2026, 9, 1) + i * 60_000,
            ).toISOString(),
            parameters: {},
          } as unknown as RunDetail,
          { deletedAt: '2026-11-28T00:00:00Z' },
        ),
      );
      for (let i = 0; i < rows.length; i += 200) {
        await knex('ocw_runs').insert(rows.slice(i, i + 200));
      }
      await knex.raw(
        knex.client.dialect === 'postgresql' ? 'ANALYZE ocw_runs' : 'ANALYZE',
      );
      for (const q of queries) {
        const plan = await planOf(
          knex,
          archive.history.pageQuery({ cluster: 'c1', limit: 51, ...q }),
        );
        expect({ q, plan }).toEqual({
          q,
          plan: expect.stringMatching(/ocw_runs_hist\w*_idx/),
        });
        expect({ q, plan }).not.toEqual({
          q,
          plan: expect.stringMatching(/TEMP B-TREE|Sort/),
        });
      }
    },
  );

  it('ran on SQLite, and on PostgreSQL when CI asks for it (OCW_REQUIRE_POSTGRES)', () => {
    expect(missedDatabases(ran)).toEqual([]);
  });
});
