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
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  archiveRow,
  RunArchive,
} from '../../plugins/openchoreo-workflows-backend/src/database/RunArchive';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';
import { startNaiveHistory } from './historyNaive';

const GROUP_PATH = '/apis/openchoreo.dev/v1alpha1';
const WORKFLOWS = 20;
const NAMESPACES = 4;
const CLUSTER = 'bench';
const DAY = 86_400_000;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
function textOption(args: string[], name: string, fallback?: string) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
function httpJson(method: string, url: string, body?: unknown) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          'Content-Type': 'application/json',
          // The local control plane's token; the test backend takes requests without one.
          ...(method === 'POST'
            ? { Authorization: 'Bearer openchoreo-local-token' }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A finished run of the past year, as the archive keeps it once the cluster deleted it. */
function archivedRun(i: number, total: number, now: number): RunDetail {
  const created = now - DAY - Math.floor((i / total) * 364 * DAY) - (i % 1000);
  const started = created + 2000;
  const phase = Math.floor(i / WORKFLOWS) % 10 < 7 ? 'Succeeded' : 'Failed';
  const task = (name: string, k: number) => ({
    name,
    phase,
    startedAt: new Date(started + k * 30_000).toISOString(),
    completedAt: new Date(started + (k + 1) * 30_000).toISOString(),
  });
  return {
    cluster: CLUSTER,
    namespace: `team-${i % NAMESPACES}`,
    name: `run-${i}`,
    uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    workflow: { kind: 'Workflow', name: `wf-${i % WORKFLOWS}` },
    generation: 'v1',
    phase,
    reason: phase === 'Failed' ? 'StepFailed' : 'Completed',
    launchedBy: `user:default/user-${i % 50}`,
    createdAt: new Date(created).toISOString(),
    startedAt: new Date(started).toISOString(),
    completedAt: new Date(started + 120_000).toISOString(),
    durationMs: 120_000,
    parameters: {
      repository: { url: `https://git.example.com/team/app-${i % 300}` },
      branch: 'main',
    },
    taskCount: 4,
    tasksSucceeded: phase === 'Succeeded' ? 4 : 3,
    archived: true,
    tasks: ['checkout', 'build', 'test', 'publish'].map(task),
    conditions: [{ type: 'WorkflowCompleted', status: 'True', reason: phase }],
    outputs: { image: `registry.example.com/app-${i % 300}:${i}` },
    labels: {},
    annotations: {},
  } as RunDetail;
}

/**
 * The archive's database: a SQLite file or a PostgreSQL database, made for
 * the run and removed after, or kept for the next run when named
 * (--sqlite-file, --postgres-db: loading a million runs takes minutes).
 */
async function openDatabase(args: string[], tmp: string) {
  const kind = textOption(args, 'database', 'sqlite');
  if (kind === 'sqlite') {
    const kept = textOption(args, 'sqlite-file');
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: kept ?? path.join(tmp, 'history.sqlite') },
      useNullAsDefault: true,
    });
    await knex.raw('PRAGMA journal_mode = WAL');
    return { kind, knex, drop: async () => knex.destroy() };
  }
  if (kind !== 'postgres')
    throw new Error(`--database: sqlite or postgres, got ${kind}`);
  const url = textOption(
    args,
    'postgres-url',
    process.env.OCW_BENCH_POSTGRES_URL,
  );
  if (!url)
    throw new Error(
      '--postgres-url (or OCW_BENCH_POSTGRES_URL) is required with --database postgres',
    );
  const kept = textOption(args, 'postgres-db');
  const name = kept ?? `ocw_bench_history_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`--postgres-db: not a plain name: ${name}`);
  const admin = knexFactory({ client: 'pg', connection: url });
  const exists = await admin.raw(
    'SELECT 1 FROM pg_database WHERE datname = ?',
    [name],
  );
  if (exists.rows.length === 0) await admin.raw(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: target.toString() });
  return {
    kind,
    knex,
    drop: async () => {
      await knex.destroy();
      if (!kept) await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}

/** Loads `total` archived runs unless a kept database holds exactly them; removes earlier live runs. */
async function prepareArchive(knex: Knex, total: number) {
  await knex('ocw_runs').whereNull('deleted_at').delete();
  const [{ n }] = await knex('ocw_runs').count({ n: '*' });
  if (Number(n) === total) {
    log(`reusing the ${total} archived runs of the kept database`);
    return 0;
  }
  await knex('ocw_runs').delete();
  return loadArchive(knex, total, Date.now());
}

async function loadArchive(knex: Knex, total: number, now: number) {
  const deletedAt = new Date(now - DAY / 2).toISOString();
  const batch = 500;
  const started = Date.now();
  for (let i = 0; i < total; ) {
    await knex.transaction(async trx => {
      for (let n = 0; n < 100 && i < total; n++) {
        const rows = [];
        for (let j = 0; j < batch && i < total; j++, i++) {
          rows.push(
            archiveRow(archivedRun(i, total, now), {
              deletedAt,
              resourceVersion: String(1000 + i),
            }),
          );
        }
        await trx('ocw_runs').insert(rows);
      }
    });
    if (i % 100_000 === 0 || i === total) log(`archived runs loaded: ${i}`);
  }
  if (knex.client.dialect === 'postgresql') await knex.raw('ANALYZE ocw_runs');
  else await knex.raw('ANALYZE');
  return Date.now() - started;
}

async function createLiveRuns(url: string, total: number) {
  for (let n = 0; n < NAMESPACES; n++) {
    await httpJson('POST', `${url}/api/v1/namespaces`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `team-${n}` },
    });
  }
  const started = Date.now();
  const inFlight = 20;
  for (let i = 0; i < total; i += inFlight) {
    await Promise.all(
      Array.from({ length: Math.min(inFlight, total - i) }, async (_, j) => {
        const n = i + j;
        const res = await httpJson(
          'POST',
          `${url}${GROUP_PATH}/namespaces/team-${n % NAMESPACES}/workflowruns`,
          {
            apiVersion: 'openchoreo.dev/v1alpha1',
            kind: 'WorkflowRun',
            metadata: {
              name: `live-${n}`,
              namespace: `team-${n % NAMESPACES}`,
            },
            // Unknown workflows: the controller marks these Failed once and leaves them be.
            spec: {
              workflow: {
                kind: 'Workflow',
                name: `wf-${n % WORKFLOWS}`,
                parameters: { n },
              },
            },
          },
        );
        if (res.status !== 201)
          throw new Error(
            `create run: ${res.status} ${JSON.stringify(res.body).slice(
              0,
              200,
            )}`,
          );
      }),
    );
  }
  return Date.now() - started;
}

async function until(
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

interface Timing {
  p50: number;
  p99: number;
  n: number;
  /** CPU time of this process (backend, client and SQLite alike) per request: what load on the machine does not inflate. */
  cpu: number;
}

async function measure(
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
