/*
 * History at scale: `GET /runs?workflow=…&limit=50` over N live runs (the
 * local control plane, in the backend's watch cache) and M archived runs (the
 * plugin's database, SQLite file or PostgreSQL), against the naive peer: the
 * old listing, which read every archived run of the workflow per request.
 *
 *   node scripts/bench/run.js history --live 10000 --archived 1000000 --requests 300 \
 *     [--database sqlite|postgres] [--postgres-url URL] [--naive-requests 20]
 *     [--sqlite-file PATH | --postgres-db NAME]   (keep the loaded archive for the next run)
 *
 * PostgreSQL: --postgres-url (or OCW_BENCH_POSTGRES_URL), e.g. the URL that
 * scripts/start-postgres.sh prints; a database is created for the run and dropped after.
 * Measured sequentially over loopback HTTP: the first page of a workflow's
 * runs, a page deep in its history (a cursor half-way through its archived
 * runs) and the naive peer's first page. Bounded: fixed request counts,
 * deadlines on every wait, everything stopped at the end.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  buildKubeconfig,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunArchive } from '../../plugins/openchoreo-workflows-backend/src/database/RunArchive';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';
import {
  agent,
  CLUSTER,
  createLiveRuns,
  httpJson,
  log,
  openDatabase,
  prepareArchive,
  textOption,
  WORKFLOWS,
} from './historyData';
import { startNaiveHistory } from './historyNaive';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  // A backend still starting may drop the connection: that is "not yet".
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Waits until `read` gives the same answer for `quietMs` (at most 10 minutes). */
async function settled(
  what: string,
  read: () => Promise<string>,
  quietMs: number,
) {
  const deadline = Date.now() + 600_000;
  let last = await read();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline)
      throw new Error(`${what} did not settle in 10 minutes`);
    await new Promise(r => setTimeout(r, 250));
    const now = await read();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

export interface Timing {
  p50: number;
  p99: number;
  n: number;
  /** CPU time of this process (backend, client and SQLite alike) per request: what load on the machine does not inflate. */
  cpu: number;
}

export async function measure(
  name: string,
  urlOf: (i: number) => string,
  requests: number,
  check: (body: any, i: number) => void,
): Promise<Timing> {
  for (let i = 0; i < Math.min(10, requests); i++)
    check((await httpJson('GET', urlOf(i))).body, i);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const t0 = process.hrtime.bigint();
    const res = await httpJson('GET', urlOf(i));
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 200)
      throw new Error(
        `${name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    check(res.body, i);
  }
  const used = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  const t = {
    p50: pct(50),
    p99: pct(99),
    n: requests,
    cpu: (used.user + used.system) / 1000 / requests,
  };
  log(
    `${name}: p50 ${t.p50.toFixed(2)} ms, p99 ${t.p99.toFixed(
      2,
    )} ms, CPU ${t.cpu.toFixed(2)} ms per request (${requests} requests)`,
  );
  return t;
}

/** A cursor half-way through each workflow's archived runs, as the API would hand it out there. */
async function deepCursors(knex: Knex) {
  const cursors: string[] = [];
  for (let w = 0; w < WORKFLOWS; w++) {
    const q = () =>
      knex('ocw_runs')
        .where({ cluster: CLUSTER, workflow_name: `wf-${w}` })
        .whereNotNull('deleted_at');
    const [{ n }] = await q().count({ n: '*' });
    const row = await q()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'sort_key', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .offset(Math.floor(Number(n) / 2))
      .first('created_at', 'sort_key', 'uid');
    cursors.push(
      Buffer.from(
        JSON.stringify({ c: row.created_at, k: row.sort_key, u: row.uid }),
      ).toString('base64url'),
    );
  }
  return cursors;
}

export async function main(args: string[]) {
  const live = option(args, 'live', 10_000);
  const archived = option(args, 'archived', 1_000_000);
  const requests = option(args, 'requests', 300);
  const naiveRequests = option(args, 'naive-requests', 20);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-bench-history-'));
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const db = await openDatabase(args, tmp);
    const database = db.kind;
    stops.unshift(db.drop);
    await RunArchive.forKnex(db.knex);
    const loadMs = await prepareArchive(db.knex, archived);
    log(`${archived} archived runs loaded in ${(loadMs / 1000).toFixed(1)} s`);

    const lcp = await startLocalControlPlane({
      retrySeconds: 3600,
      stepSeconds: 3600,
    });
    stops.unshift(() => lcp.stop());
    const createMs = await createLiveRuns(lcp.url, live);
    log(`${live} live runs created in ${(createMs / 1000).toFixed(1)} s`);
    // The controller marks each run (of an unknown workflow) Failed once: let it finish.
    await settled(
      'the control plane',
      async () => lcp.store.resourceVersion,
      3000,
    );
    const kubeconfigPath = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(kubeconfigPath, buildKubeconfig(lcp.url));

    const backend = await startTestBackend({
      features: [
        openchoreoWorkflowsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        mockServices.rootConfig.factory({
          data: {
            openchoreoWorkflows: {
              clusters: [
                { name: CLUSTER, authProvider: 'kubeconfig', kubeconfigPath },
              ],
              notifications: { enabled: false },
            },
          },
        }),
      ],
    });
    stops.unshift(() => backend.stop());
    log('backend started');
    const api = `http://127.0.0.1:${backend.server.port()}/api/openchoreo-workflows`;
    await until(
      'backend caches ready',
      async () => (await httpJson('GET', `${api}/health`)).body?.ready === true,
      300_000,
    );
    // The backend archives every change it sees (once each): measure after that settled.
    const liveRows = async () => {
      const [row] = await db
        .knex('ocw_runs')
        .whereNull('deleted_at')
        .count({ n: '*' })
        .sum({ rv: 'rv_number' });
      return `${row.n} ${row.rv}`;
    };
    const archivingStart = Date.now();
    await until(
      'live runs archived',
      async () => (await liveRows()).startsWith(`${live} `),
      900_000,
    );
    await settled('the archive', liveRows, 3000);
    log(
      `the backend archived the ${live} live runs in ${(
        (Date.now() - archivingStart) /
        1000
      ).toFixed(1)} s`,
    );

    const naive = await startNaiveHistory(db.knex, kubeconfigPath, CLUSTER);
    stops.unshift(() => naive.stop());

    const wf = (i: number) => `wf-${i % WORKFLOWS}`;
    // Ours and the naive peer agree on a workflow's runs where the live ones
    // end and the archived ones begin (our pages 10 to 12 of 50).
    const ourNames: string[] = [];
    let cursor: string | undefined = '';
    for (let p = 0; p < 12 && cursor !== undefined; p++) {
      const { body: page } = await httpJson(
        'GET',
        `${api}/runs?workflow=wf-3&limit=50${cursor && `&cursor=${cursor}`}`,
      );
      if (!Array.isArray(page?.items))
        throw new Error(`GET /runs: ${JSON.stringify(page).slice(0, 300)}`);
      if (p >= 9)
        ourNames.push(
          ...page.items.map((r: any) => `${r.namespace}/${r.name}`),
        );
      cursor = page.nextCursor;
    }
    const naiveNames = (
      await httpJson('GET', `${naive.url}/runs?workflow=wf-3&limit=600`)
    ).body.items
      .slice(450)
      .map((r: any) => `${r.namespace}/${r.name}`);
    if (JSON.stringify(ourNames) !== JSON.stringify(naiveNames)) {
      throw new Error(
        `ours and naive differ:\n${ourNames.join(' ')}\n${naiveNames.join(
          ' ',
        )}`,
      );
    }
    const livePerWorkflow = live / WORKFLOWS;
    log(
      `ours and naive agree on runs 451-600 of wf-3 (${
        ourNames.filter(n => n.includes('/live-')).length
      } live, ${ourNames.filter(n => n.includes('/run-')).length} archived)`,
    );

    const fullPage = (body: any) => {
      if (body?.items?.length !== 50 || !body.nextCursor)
        throw new Error(
          `not a full page: ${JSON.stringify(body).slice(0, 300)}`,
        );
    };
    // The floor on this machine: a route that reads nothing.
    const floor = await measure(
      'GET /health (no data read)',
      () => `${api}/health`,
      requests,
      () => undefined,
    );
    const first = await measure(
      'ours, first page',
      i => `${api}/runs?workflow=${wf(i)}&limit=50`,
      requests,
      fullPage,
    );
    const cursors = await deepCursors(db.knex);
    const deep = await measure(
      'ours, page half-way through the archive (cursor)',
      i =>
        `${api}/runs?workflow=${wf(i)}&limit=50&cursor=${
          cursors[i % WORKFLOWS]
        }`,
      requests,
      body => {
        fullPage(body);
        if (!body.items.every((r: any) => r.archived))
          throw new Error('deep page with live runs');
      },
    );
    // Live runs here are Failed: a page of Succeeded runs comes from the archive alone.
    const archivedFirst = await measure(
      'ours, first page of Succeeded runs (archive only)',
      i => `${api}/runs?workflow=${wf(i)}&phase=Succeeded&limit=50`,
      requests,
      fullPage,
    );
    const naiveFirst = await measure(
      'naive, first page',
      i => `${naive.url}/runs?workflow=${wf(i)}&limit=50`,
      naiveRequests,
      body => {
        if (body?.items?.length !== 50)
          throw new Error(`naive: ${JSON.stringify(body).slice(0, 300)}`);
      },
    );

    const f = (n: number) => n.toFixed(2);
    process.stdout.write(
      [
        `database: ${database}; ${live} live runs (${livePerWorkflow} per workflow), ${archived} archived (${
          archived / WORKFLOWS
        } per workflow), ${WORKFLOWS} workflows`,
        `load: archive ${(loadMs / 1000).toFixed(1)} s; node ${
          process.version
        }, ${os.cpus().length} CPUs, load average ${os
          .loadavg()
          .map(l => l.toFixed(2))
          .join(' ')}`,
        `| GET /runs?workflow=…&limit=50 | requests | p50 ms | p99 ms | CPU ms per request |`,
        `| --- | ---: | ---: | ---: | ---: |`,
        `| GET /health (reads nothing: this machine's floor) | ${floor.n} | ${f(
          floor.p50,
        )} | ${f(floor.p99)} | ${f(floor.cpu)} |`,
        `| ours, first page | ${first.n} | ${f(first.p50)} | ${f(
          first.p99,
        )} | ${f(first.cpu)} |`,
        `| ours, page half-way through the archive (cursor) | ${deep.n} | ${f(
          deep.p50,
        )} | ${f(deep.p99)} | ${f(deep.cpu)} |`,
        `| ours, first page of Succeeded runs (archive only) | ${
          archivedFirst.n
        } | ${f(archivedFirst.p50)} | ${f(archivedFirst.p99)} | ${f(
          archivedFirst.cpu,
        )} |`,
        `| naive (reads every archived run of the workflow), first page | ${
          naiveFirst.n
        } | ${f(naiveFirst.p50)} | ${f(naiveFirst.p99)} | ${f(
          naiveFirst.cpu,
        )} |`,
        `history (naive): live ${live}, archived ${archived}, GET /runs p50 ${f(
          naiveFirst.p50,
        )} ms p99 ${f(naiveFirst.p99)} ms`,
        `history: live ${live}, archived ${archived}, GET /runs p50 ${f(
          first.p50,
        )} ms p99 ${f(first.p99)} ms (deep page p50 ${f(deep.p50)} ms p99 ${f(
          deep.p99,
        )} ms; naive p50 ${f(naiveFirst.p50)} ms p99 ${f(
          naiveFirst.p99,
        )} ms; ${database})`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const stop of stops) await stop().catch(e => log(`stopping: ${e}`));
    agent.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
