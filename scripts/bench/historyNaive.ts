/*
 * The naive peer of the history benchmark: `GET /runs` as the plugin answered
 * it before the archive had keyset paging. Live runs come from a watch cache
 * of the same cluster (as ours); archived runs: every archived run of the
 * workflow read from the database on each request, parsed, filtered, sorted
 * in memory, then paged.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  RunSummary,
  runSummaryOf,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Knex } from 'knex';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { byWorkflowName } from '../../plugins/openchoreo-workflows-backend/src/cache/SortedRunIndex';
import { ClusterState } from '../../plugins/openchoreo-workflows-backend/src/cluster/ClusterState';
import { toRunSummary } from '../../plugins/openchoreo-workflows-backend/src/service/convert';

const sortKey = (r: RunSummary) => `${r.namespace}/${r.name}`;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function naiveList(
  knex: Knex,
  cluster: ClusterState,
  workflow: string,
  limit: number,
) {
  const live: RunSummary[] = [];
  for (const run of cluster.runOrder.walk(byWorkflowName(workflow))) {
    live.push(toRunSummary(cluster.name, run));
    if (live.length > limit) break;
  }
  const rows = await knex('ocw_runs')
    .where({ cluster: cluster.name, workflow_name: workflow })
    .whereNotNull('deleted_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'namespace', order: 'desc' },
      { column: 'name', order: 'desc' },
    ])
    .select('detail');
  const archived = rows
    .map(r => JSON.parse(r.detail))
    .filter(r => cluster.runs.get(r.namespace, r.name)?.metadata.uid !== r.uid)
    .map(r => ({ ...runSummaryOf(r), archived: true }));
  return [...live, ...archived]
    .map(r => ({
      r,
      c: r.createdAt ? new Date(r.createdAt).toISOString() : '',
      k: sortKey(r),
    }))
    .sort((a, b) => compareText(b.c, a.c) || compareText(b.k, a.k))
    .slice(0, limit)
    .map(x => x.r);
}

export async function startNaiveHistory(
  knex: Knex,
  kubeconfigPath: string,
  name: string,
) {
  const cluster = new ClusterState(
    { name, connection: { authProvider: 'kubeconfig', kubeconfigPath } },
    mockServices.rootLogger({ level: 'error' }),
  );
  await cluster.start();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const items = await naiveList(
        knex,
        cluster,
        url.searchParams.get('workflow') ?? '',
        Number(url.searchParams.get('limit') ?? 25),
      );
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ items }));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>(r => server.close(() => r()));
      await cluster.stop();
    },
  };
}
