/*
 * A long step log: one archived run whose step wrote N lines (kept in the
 * archive's chunks, SQLite file or PostgreSQL), read through the real HTTP
 * route: the first page (`?task=&offset=0&limit=1000`) and the last page
 * (`offset=-1000`) against the naive peer, the whole log of the step as every
 * read answered it before (`?task=` alone: all N lines each time); and the
 * first page of a second step of N lines whose log was never complete (the
 * run was deleted mid-step): its read must not load the whole log either.
 *
 *   node scripts/bench/run.js logs --lines 100000 [--requests 200] [--naive-requests 20]
 *     [--page 1000] [--database sqlite|postgres] [--postgres-url URL]
 *
 * Measured sequentially over loopback HTTP, after the backend's caches are
 * ready; bounded: fixed request counts, deadlines on every wait, everything
 * stopped at the end.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  buildKubeconfig,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import {
  LogLine,
  RunDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  archiveRow,
  RunArchive,
} from '../../plugins/openchoreo-workflows-backend/src/database/RunArchive';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';
import { measure, until } from './history';
import { agent, CLUSTER, httpJson, log, openDatabase } from './historyData';

const TASK = 'build';
/** A step whose archived log is not complete (the run left the cluster mid-step). */
const UNFINISHED = 'test';
const RUN = { namespace: 'default', name: 'long-log' };

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** A finished run of one step, as the archive keeps it once the cluster deleted it. */
function finishedRun(): RunDetail {
  const at = (s: number) =>
    new Date(Date.UTC(2026, 10, 1, 10, 0, s)).toISOString();
  return {
    cluster: CLUSTER,
    ...RUN,
    uid: '00000000-0000-4000-8000-00000000106a',
    workflow: { kind: 'Workflow', name: 'long-build' },
    generation: 'v1',
    phase: 'Succeeded',
    createdAt: at(0),
    startedAt: at(1),
    completedAt: at(600),
    parameters: {},
    taskCount: 2,
    tasksSucceeded: 1,
    archived: true,
    tasks: [
      {
        name: TASK,
        phase: 'Succeeded',
        startedAt: at(1),
        completedAt: at(600),
      },
      { name: UNFINISHED, phase: 'Running', startedAt: at(1) },
    ],
    conditions: [],
    outputs: {},
    labels: {},
    annotations: {},
  } as RunDetail;
}

/** N lines as a build writes them: a timestamp and some 60 characters of text. */
function buildLog(lines: number): LogLine[] {
  const start = Date.UTC(2026, 10, 1, 10, 0, 1);
  return Array.from({ length: lines }, (_, i) => ({
    task: TASK,
    timestamp: new Date(start + i * 5).toISOString(),
    text: `line ${i}: compiling module-${i % 977} [${'#'.repeat(i % 20)}] ok`,
  }));
}

export async function main(args: string[]) {
  const lines = option(args, 'lines', 100_000);
  const requests = option(args, 'requests', 200);
  const naiveRequests = option(args, 'naive-requests', 20);
  const page = option(args, 'page', 1000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-bench-logs-'));
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const db = await openDatabase(args, tmp);
    stops.unshift(db.drop);
    const archive = await RunArchive.forKnex(db.knex);
    const run = finishedRun();
    await db
      .knex('ocw_runs')
      .where({ cluster: CLUSTER, uid: run.uid })
      .delete();
    await db.knex('ocw_run_log_steps').where({ run_uid: run.uid }).delete();
    await db.knex('ocw_run_log_chunks').where({ run_uid: run.uid }).delete();
    await db.knex('ocw_runs').insert(
      archiveRow(run, {
        deletedAt: run.completedAt,
        resourceVersion: '1000',
      }),
    );
    const all = buildLog(lines);
    const loadStart = Date.now();
    await archive.saveLogs(
      { cluster: CLUSTER, ...RUN, uid: run.uid, task: TASK },
      all,
      true,
    );
    await archive.saveLogs(
      { cluster: CLUSTER, ...RUN, uid: run.uid, task: UNFINISHED },
      all.map(l => ({ ...l, task: UNFINISHED })),
      false,
    );
    log(
      `${lines} lines archived in ${((Date.now() - loadStart) / 1000).toFixed(
        1,
      )} s`,
    );

    const lcp = await startLocalControlPlane({
      retrySeconds: 3600,
      stepSeconds: 3600,
    });
    stops.unshift(() => lcp.stop());
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
    const api = `http://127.0.0.1:${backend.server.port()}/api/openchoreo-workflows`;
    await until(
      'backend caches ready',
      async () => (await httpJson('GET', `${api}/health`)).body?.ready === true,
      300_000,
    );
    const logsUrl = `${api}/runs/${RUN.namespace}/${RUN.name}/logs?cluster=${CLUSTER}&task=${TASK}`;

    const window = (from: number) => (body: any) => {
      const want = all.slice(from, from + page);
      if (
        body?.offset !== from ||
        body?.total !== lines ||
        body?.lines?.length !== want.length ||
        body.lines[0].text !== want[0].text ||
        body.lines[want.length - 1].text !== want[want.length - 1].text ||
        body.steps?.[0]?.source !== 'archive'
      )
        throw new Error(
          `not lines ${from}+${page}: ${JSON.stringify(body).slice(0, 300)}`,
        );
    };
    const first = await measure(
      `ours, first page (${page} lines at offset 0)`,
      () => `${logsUrl}&offset=0&limit=${page}`,
      requests,
      window(0),
    );
    const last = await measure(
      `ours, last page (offset=-${page})`,
      () => `${logsUrl}&offset=-${page}&limit=${page}`,
      requests,
      window(Math.max(lines - page, 0)),
    );
    const unfinished = await measure(
      `ours, first page of an unfinished step (${page} lines at offset 0)`,
      () =>
        `${logsUrl.replace(
          `task=${TASK}`,
          `task=${UNFINISHED}`,
        )}&offset=0&limit=${page}`,
      requests,
      window(0),
    );
    const naive = await measure(
      'naive, the whole log',
      () => logsUrl,
      naiveRequests,
      body => {
        if (
          body?.lines?.length !== lines ||
          body.lines[lines - 1].text !== all[lines - 1].text
        )
          throw new Error(`naive: ${JSON.stringify(body).slice(0, 300)}`);
      },
    );

    const f = (n: number) => n.toFixed(2);
    process.stdout.write(
      [
        `database: ${
          db.kind
        }; two step logs of ${lines} lines (one complete, one not) in ${Math.ceil(
          lines / 1000,
        )} archive chunks each; node ${process.version}, ${
          os.cpus().length
        } CPUs, load average ${os
          .loadavg()
          .map(l => l.toFixed(2))
          .join(' ')}`,
        `| GET /runs/{ns}/{name}/logs?task=… | requests | p50 ms | p99 ms | CPU ms per request |`,
        `| --- | ---: | ---: | ---: | ---: |`,
        `| ours, first page (offset=0&limit=${page}) | ${first.n} | ${f(
          first.p50,
        )} | ${f(first.p99)} | ${f(first.cpu)} |`,
        `| ours, last page (offset=-${page}&limit=${page}) | ${last.n} | ${f(
          last.p50,
        )} | ${f(last.p99)} | ${f(last.cpu)} |`,
        `| ours, first page of an unfinished step | ${unfinished.n} | ${f(
          unfinished.p50,
        )} | ${f(unfinished.p99)} | ${f(unfinished.cpu)} |`,
        `| naive, the whole log (${lines} lines) | ${naive.n} | ${f(
          naive.p50,
        )} | ${f(naive.p99)} | ${f(naive.cpu)} |`,
        `logs: lines ${lines}, first page p50 ${f(first.p50)} ms p99 ${f(
          first.p99,
        )} ms, last page p50 ${f(last.p50)} ms p99 ${f(
          last.p99,
        )} ms, unfinished step first page p50 ${f(unfinished.p50)} ms p99 ${f(
          unfinished.p99,
        )} ms (naive whole log p50 ${f(naive.p50)} ms p99 ${f(naive.p99)} ms; ${
          db.kind
        })`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const stop of stops) await stop().catch(e => log(`stopping: ${e}`));
    agent.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
