/*
 * Data of the history benchmark (history.ts): the archive's database with M
 * archived runs of the past year, and N live runs in the local control plane.
 */
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import knexFactory, { Knex } from 'knex';
import http from 'node:http';
import path from 'node:path';
import { archiveRow } from '../../plugins/openchoreo-workflows-backend/src/database/RunArchive';

const GROUP_PATH = '/apis/openchoreo.dev/v1alpha1';
export const WORKFLOWS = 20;
const NAMESPACES = 4;
export const CLUSTER = 'bench';
const DAY = 86_400_000;

export function textOption(args: string[], name: string, fallback?: string) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
export const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

export const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });

export function httpJson(method: string, url: string, body?: unknown) {
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
export async function openDatabase(args: string[], tmp: string) {
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
export async function prepareArchive(knex: Knex, total: number) {
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

export async function createLiveRuns(url: string, total: number) {
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
