import { mockCredentials } from '@backstage/backend-test-utils';
import {
  kubeConfigOf,
  loadFixture,
  startOpenChoreoApiServer,
  TestKube,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { openSse, SseClient } from '../sse';
import { ReplicaSet } from './replicaSet';

const API = '/api/openchoreo-workflows';
const NAMESPACE = 'team-a';

export interface ReplicaScenarioOptions {
  replicas: number;
  runs: number;
  /** A PostgreSQL server's URL; the scenario makes a database of its own there and drops it after. */
  postgresUrl: string;
  log?: (s: string) => void;
}

export interface ReplicaScenarioResult {
  replicas: number;
  /** Launches answered 200/201 (each with its own idempotency key). */
  runs: number;
  /** Launched runs some replica's history lacks, or that nobody was notified of. */
  lost: number;
  /** Notifications sent more than once (per run: sends minus one). */
  duplicateNotifications: number;
  /** Keys that got two different runs (two replicas both creating one). */
  duplicateRuns: number;
  /** Every page of GET /runs equal on every replica, and when paged through the proxy (each cursor served by another replica). */
  historyIdentical: boolean;
  /** Runs whose finish a /stream subscriber on a replica that stayed up did not see (summed over those replicas). */
  streamGaps: number;
  /** Runs each replica's history holds. */
  historySizes: number[];
}

const header = (user: string) => ({
  'Content-Type': 'application/json',
  Authorization: mockCredentials.user.header(user),
});

async function call(method: string, url: string, user: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: header(user),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A launch with an idempotency key, sent twice at once (two replicas), retried with the same key until answered. */
async function launch(proxy: string, i: number, workflow: string) {
  const user = `user:default/dev-${i % 3}`;
  const request = {
    namespace: NAMESPACE,
    workflow: { kind: 'ClusterWorkflow', name: workflow },
    parameters: {},
    idempotencyKey: `replicas-${i}`,
  };
  const once = async (): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const res = await call(
        'POST',
        `${proxy}${API}/runs`,
        user,
        request,
      ).catch(e => ({ status: 0, body: String(e) }));
      if (res.status === 201 || res.status === 200) return res.body.name;
      if (attempt >= 10 || (res.status >= 400 && res.status < 500))
        throw new Error(
          `launch ${i}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      await new Promise(r => setTimeout(r, 500));
    }
  };
  return Promise.all([once(), once()]);
}

/** What OpenChoreo's controller would write: started, then finished. */
async function finish(kube: TestKube, name: string, failed: boolean) {
  const now = new Date().toISOString();
  const condition = (type: string, reason: string, message = '') => ({
    type,
    status: 'True',
    reason,
    message,
    lastTransitionTime: now,
  });
  const run = await kube.get('workflowruns', NAMESPACE, name);
  run.status = {
    startedAt: run.metadata.creationTimestamp,
    completedAt: now,
    conditions: failed
      ? [
          condition('WorkflowCompleted', 'WorkflowFailed', 'step exited 1'),
          condition('WorkflowFailed', 'WorkflowFailed', 'step exited 1'),
        ]
      : [
          condition('WorkflowCompleted', 'WorkflowSucceeded'),
          condition('WorkflowSucceeded', 'WorkflowSucceeded'),
        ],
  };
  await kube.client.request(
    'PUT',
    `${kube.path('workflowruns', NAMESPACE, name)}/status`,
    'status',
    run,
  );
}

/** Every page of GET /runs from one replica, as one JSON text. */
async function history(
  url: string,
): Promise<{ text: string; names: string[] }> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await call(
      'GET',
      `${url}${API}/runs?limit=7${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
      'user:default/reader',
    );
    if (res.status !== 200)
      throw new Error(`GET /runs: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return {
    text: JSON.stringify(items),
    names: items.map(r => `${r.namespace}/${r.name}`),
  };
}

async function until(what: string, check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise(r => setTimeout(r, 250));
  }
}

async function createDatabase(url: string) {
  const name = `ocw_replicas_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: target.toString() });
  return {
    url: target.toString(),
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

async function sentNotifications(knex: Knex) {
  const [{ n }] = await knex('ocw_run_notifications')
    .where('state', 'sent')
    .count({ n: '*' });
  return Number(n);
}

/**
 * N replicas of the backend on one PostgreSQL database and the real
 * kube-apiserver, behind a round-robin proxy: R runs launched through all of
 * them (each launch sent twice at once, with one idempotency key), finished
 * as OpenChoreo's controller would, replica 0 killed (SIGKILL) half-way and
 * restarted, a third of the finished runs deleted from the cluster (as
 * OpenChoreo's TTL does) so their history is the archive. Then: every run in
 * every replica's history, one notification per run, and the same pages of
 * GET /runs from every replica.
 */
export async function runReplicaScenario(
  o: ReplicaScenarioOptions,
): Promise<ReplicaScenarioResult> {
  const log = o.log ?? (() => {});
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const apiserver = await startOpenChoreoApiServer();
    stops.unshift(() => apiserver.stop());
    const kube = new TestKube(kubeConfigOf(apiserver.kubeconfig));
    const [workflow] = loadFixture(
      'sample-github-stats-report-clusterworkflow.yaml',
    );
    await kube.create('clusterworkflows', workflow);
    const db = await createDatabase(o.postgresUrl);
    stops.unshift(db.drop);

    const set = new ReplicaSet(
      ['--postgres-url', db.url, '--kubeconfig', apiserver.kubeconfigPath],
      log,
    );
    stops.unshift(() => set.stop());
    const proxy = await set.start(o.replicas);
    log(`${o.replicas} replicas ready behind ${proxy}`);

    // A subscriber on each replica that stays up (replica 0 is killed).
    const streams = set
      .urls()
      .slice(1)
      .map(url =>
        openSse(Number(new URL(url).port), `${API}/stream`, {
          headers: {
            Authorization: mockCredentials.user.header('user:default/reader'),
          },
        }),
      );
    stops.unshift(async () => streams.forEach(s => s.close()));
    const launched = await launchRuns(o.runs, {
      proxy,
      kube,
      set,
      workflow: workflow.metadata.name,
    });
    log(`${launched.names.length} runs launched and finished`);

    // OpenChoreo's TTL: a third of the finished runs leave the cluster.
    for (const [i, name] of launched.names.entries())
      if (i % 3 === 0) await kube.delete('workflowruns', NAMESPACE, name);

    await until(
      'every run notified',
      async () => (await sentNotifications(db.knex)) >= launched.names.length,
      120_000,
    ).catch(e => log(String(e)));
    return {
      replicas: o.replicas,
      runs: launched.names.length,
      duplicateRuns: launched.duplicateRuns,
      ...(await compareReplicas(set, proxy, launched.names, streams, log)),
    };
  } finally {
    for (const stop of stops) await stop().catch(e => log(`stop: ${e}`));
  }
}

/**
 * Launches and finishes `runs` runs through the proxy, 3 at a time, each
 * launch sent twice at once; replica 0 is killed once the first run is
 * launched and restarted half-way.
 */
async function launchRuns(
  runs: number,
  c: { proxy: string; kube: TestKube; set: ReplicaSet; workflow: string },
) {
  const names: string[] = [];
  let duplicateRuns = 0;
  const launchAndFinish = async (i: number) => {
    const [a, b] = await launch(c.proxy, i, c.workflow);
    if (a !== b) duplicateRuns++;
    names[i] = a;
    await finish(c.kube, a, i % 4 === 3);
  };
  const inFlight = 3;
  const batch = async (from: number, to: number) => {
    for (let i = from; i < to; i += inFlight)
      await Promise.all(
        Array.from({ length: Math.min(inFlight, to - i) }, (_, k) =>
          launchAndFinish(i + k),
        ),
      );
  };
  const half = Math.ceil(runs / 2);
  const firstHalf = batch(0, half);
  // Killed while the first half is being launched and finished.
  await until('a first run launched', async () => names.length > 0, 120_000);
  await c.set.kill(0);
  await firstHalf;
  const restarted = c.set.restart(0);
  await batch(half, runs);
  await restarted;
  return { names, duplicateRuns };
}

/** What every replica (and the proxy, page by page) lists, notified and streamed, against what was launched. */
async function compareReplicas(
  set: ReplicaSet,
  proxy: string,
  names: string[],
  streams: SseClient[],
  log: (s: string) => void,
) {
  const launched = names.map(n => `${NAMESPACE}/${n}`);
  // Each replica's history holds every run (its cache and the archive catch up).
  await until(
    'every replica lists every run',
    async () => {
      for (const url of set.urls()) {
        const { names: listed } = await history(url);
        if (!launched.every(n => listed.includes(n))) return false;
      }
      return true;
    },
    60_000,
  ).catch(e => log(String(e)));
  const pages = await Promise.all(set.urls().map(history));
  const throughProxy = await history(proxy);
  const scopes = [...set.notified.keys()];
  const notified = (run: string) => scopes.some(s => s.includes(`/${run}/`));
  const finished = (events: Array<{ data: any }>, name: string) =>
    events.some(
      e =>
        e.data?.run?.name === name &&
        ['Succeeded', 'Failed'].includes(e.data.run.phase),
    );
  return {
    lost: launched.filter(
      n => !notified(n) || !pages.every(p => p.names.includes(n)),
    ).length,
    duplicateNotifications: [...set.notified.values()].reduce(
      (sum, n) => sum + n - 1,
      0,
    ),
    historyIdentical:
      pages.length === set.size &&
      [...pages, throughProxy].every(p => p.text === pages[0].text),
    streamGaps: streams.reduce(
      (gaps, s) => gaps + names.filter(n => !finished(s.events, n)).length,
      0,
    ),
    historySizes: pages.map(p => p.names.length),
  };
}

/** The scenario's last line, as the benchmark prints it. */
export function replicaSummary(r: ReplicaScenarioResult): string {
  return `replicas: ${r.replicas}, runs ${r.runs}, lost ${
    r.lost
  }, duplicate notifications ${r.duplicateNotifications}, history identical ${
    r.historyIdentical ? 'yes' : 'no'
  }`;
}
