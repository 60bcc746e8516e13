/*
 * Our backend's `GET /runs?workflow=<name>&limit=50` (served from the watch
 * cache and its ordered index) against a LIST with a label selector per
 * request (what a plugin without a cache does), on N WorkflowRuns held by the
 * REAL Kubernetes apiserver (tools/kube-apiserver: the full kube-apiserver +
 * etcd, the OpenChoreo CRDs), in one process, over loopback.
 *
 *   node --expose-gc scripts/bench/run.js runs-real-apiserver [--runs 10000] [--requests 300] [--changes 100]
 *
 * Also measured: Kubernetes requests per page view once synced (a counting
 * proxy sits between both clients and the apiserver), the time from a status
 * patch to the event on the backend's `/stream`, the cold sync time, and the
 * heap per cached run. Bounded: fixed loops, a deadline on every wait, and
 * everything is stopped at the end.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import {
  findOpenChoreoFixturesDir,
  startTestApiServer,
} from '@openchoreo-workflows/test-apiserver';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ClusterState } from '../../plugins/openchoreo-workflows-backend/src/cluster/ClusterState';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';

const GROUP_PATH = '/apis/openchoreo.dev/v1alpha1';
const NAMESPACES = ['team-a', 'team-b', 'team-c', 'team-d'];
const WORKFLOWS = 20;
const WORKFLOW_LABEL = 'openchoreo.dev/workflow';
const LAUNCHED_BY = 'openchoreo-workflows.backstage.io/launched-by';
const USERS = ['user:default/ada', 'user:default/linus', 'user:default/grace'];

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
function gc() {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return false;
  for (let i = 0; i < 3; i++) collect();
  return true;
}

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function request(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  agent: http.Agent = httpAgent,
) {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise<{ status: number; body: any; bytes: number }>(
    (resolve, reject) => {
      const req = mod.request(
        url,
        {
          method,
          agent,
          headers: {
            'Content-Type':
              method === 'PATCH'
                ? 'application/merge-patch+json'
                : 'application/json',
            Accept: 'application/json',
            ...headers,
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
            resolve({
              status: res.statusCode ?? 0,
              body: parsed,
              bytes: text.length,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    },
  );
}

/** Plain HTTP in front of the TLS apiserver, counting every request by kind. */
async function startCountingProxy(target: string, ca: string) {
  const counts = { lists: 0, watches: 0, other: 0, bytes: 0 };
  const upstream = new URL(target);
  const agent = new https.Agent({ keepAlive: true, ca, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    const isWatch = url.searchParams.get('watch') === 'true';
    if (isWatch) counts.watches++;
    else if (req.method === 'GET' && /workflowruns$/.test(url.pathname))
      counts.lists++;
    else counts.other++;
    const out = https.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
        agent: isWatch ? undefined : agent,
        ca,
      },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on('data', c => {
          counts.bytes += c.length;
          res.write(c);
        });
        up.on('end', () => res.end());
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
    res.on('close', () => out.destroy());
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    snapshot: () => ({ ...counts }),
    stop: () => {
      server.closeAllConnections();
      agent.destroy();
      return new Promise<void>(r => server.close(() => r()));
    },
  };
}

/** Without a cache: per request, LIST the workflow's runs by label selector (pages of 500), sort, page. */
async function startNaiveServer(apiServer: string, token: string) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const limit = Number(url.searchParams.get('limit') ?? 25);
      const workflow = url.searchParams.get('workflow') ?? '';
      const items: any[] = [];
      let cont: string | undefined;
      do {
        const list = await request(
          'GET',
          `${apiServer}${GROUP_PATH}/workflowruns?labelSelector=${encodeURIComponent(
            `${WORKFLOW_LABEL}=${workflow}`,
          )}&limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
          undefined,
          { Authorization: `Bearer ${token}` },
        );
        if (list.status !== 200) throw new Error(`LIST: ${list.status}`);
        items.push(...list.body.items);
        cont = list.body.metadata?.continue || undefined;
      } while (cont);
      const page = items
        .map(r => ({ r, c: r.metadata.creationTimestamp ?? '' }))
        .sort((a, b) => (a.c === b.c ? 0 : a.c < b.c ? 1 : -1))
        .slice(0, limit)
        .map(({ r }) => ({
          name: r.metadata.name,
          namespace: r.metadata.namespace,
          workflow: r.spec.workflow,
          createdAt: r.metadata.creationTimestamp,
          launchedBy: r.metadata.annotations?.[LAUNCHED_BY],
          conditions: r.status?.conditions ?? [],
        }));
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ items: page }));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>(r => server.close(() => r()));
    },
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** Sequential GETs over all workflows in turn; ms per request, sorted. */
async function measure(
  name: string,
  urlOf: (i: number) => string,
  requests: number,
  expectItems: number,
) {
  for (let i = 0; i < 10; i++) await request('GET', urlOf(i)); // warm-up
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = process.hrtime.bigint();
    const res = await request('GET', urlOf(i));
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 200 || res.body?.items?.length !== expectItems) {
      throw new Error(
        `${name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

function runBody(n: number, workflow: number, namespace: string) {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'WorkflowRun',
    metadata: {
      name: `wf-${workflow}-run-${n}`,
      namespace,
      labels: {
        [WORKFLOW_LABEL]: `wf-${workflow}`,
        'openchoreo-workflows.backstage.io/launched-from': 'backstage',
      },
      annotations: { [LAUNCHED_BY]: USERS[n % USERS.length] },
    },
    spec: {
      workflow: {
        kind: 'Workflow',
        name: `wf-${workflow}`,
        parameters: {
          repository: {
            url: `https://github.com/example/service-${n % 97}`,
            revision: { branch: n % 3 ? 'main' : 'release' },
          },
          n,
        },
      },
    },
  };
}

function statusBody(n: number, message = 'All steps completed') {
  const t = (s: number) =>
    new Date(Date.now() - 600_000 + s * 1000).toISOString();
  const failed = n % 5 === 0;
  const condition = (type: string, status: string, reason: string) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: t(90),
  });
  return {
    status: {
      startedAt: t(0),
      completedAt: t(90),
      conditions: [
        condition(
          'WorkflowCompleted',
          'True',
          failed ? 'WorkflowFailed' : 'WorkflowSucceeded',
        ),
        condition('WorkflowRunning', 'False', 'WorkflowCompleted'),
        failed
          ? condition('WorkflowFailed', 'True', 'WorkflowFailed')
          : condition('WorkflowSucceeded', 'True', 'WorkflowSucceeded'),
      ],
      tasks: ['checkout', 'build', 'test', 'publish'].map((name, i) => ({
        name,
        phase:
          failed && i === 2
            ? 'Failed'
            : failed && i === 3
            ? 'Skipped'
            : 'Succeeded',
        startedAt: t(i * 20),
        completedAt: t(i * 20 + 18),
        ...(failed && i === 2 ? { message: 'exit code 1' } : {}),
      })),
      runReference: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        name: `run-${n}`,
        namespace: 'workflows-default',
      },
    },
  };
}

/** Runs `total` tasks with `concurrency` in flight. */
async function pool(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

/** Reads `event: run` Server-Sent Events; calls back with each parsed event. */
function openStream(url: string, onEvent: (data: any) => void) {
  return new Promise<{ close: () => void }>((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { Accept: 'text/event-stream' } },
      res => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream: HTTP ${res.statusCode}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find(l => l.startsWith('data: '));
            if (block.includes('event: run') && data)
              onEvent(JSON.parse(data.slice(6)));
          }
        });
        resolve({ close: () => req.destroy() });
      },
    );
    req.on('error', reject);
  });
}

function loadCrds() {
  const dir = findOpenChoreoFixturesDir(__dirname);
  return [
    'crd-workflows.yaml',
    'crd-clusterworkflows.yaml',
    'crd-workflowruns.yaml',
  ].flatMap(f =>
    parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'))
      .map(d => d.toJS())
      .filter(Boolean),
  );
}

export async function main(args: string[]) {
  const runs = option(args, 'runs', 10000);
  const requests = option(args, 'requests', 300);
  const changes = option(args, 'changes', 100);
  const withStatus = 0.6;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-bench-'));
  const stops: Array<() => Promise<unknown>> = [];
  const lines: string[] = [];
  const report = (s: string) => {
    lines.push(s);
    log(s);
  };
  try {
    const apiserver = await startTestApiServer({ crds: loadCrds() });
    stops.push(() => apiserver.stop());
    const kc = new KubeConfig();
    kc.loadFromString(apiserver.kubeconfig);
    const cluster = kc.getCurrentCluster()!;
    const token = kc.getCurrentUser()!.token!;
    const ca = Buffer.from(cluster.caData!, 'base64').toString();
    const auth = { Authorization: `Bearer ${token}` };
    const tlsAgent = new https.Agent({ keepAlive: true, ca, maxSockets: 16 });
    stops.push(async () => tlsAgent.destroy());

    // ---- create the runs: raw POSTs, 16 in flight, then status for a share of them
    const t0 = Date.now();
    const where = (n: number) => ({
      workflow: n % WORKFLOWS,
      namespace: NAMESPACES[Math.floor(n / WORKFLOWS) % NAMESPACES.length],
    });
    await pool(runs, 16, async n => {
      const { workflow, namespace } = where(n);
      const res = await request(
        'POST',
        `${apiserver.url}${GROUP_PATH}/namespaces/${namespace}/workflowruns`,
        runBody(n, workflow, namespace),
        auth,
        tlsAgent,
      );
      if (res.status !== 201)
        throw new Error(
          `create run ${n}: ${res.status} ${JSON.stringify(res.body).slice(
            0,
            300,
          )}`,
        );
      if (n % 5000 === 4999)
        log(
          `created ${n + 1} runs in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        );
    });
    const createdMs = Date.now() - t0;
    const t1 = Date.now();
    const statusCount = Math.floor(runs * withStatus);
    await pool(statusCount, 16, async i => {
      const n = Math.floor(i / withStatus); // spread over all runs
      const { workflow, namespace } = where(n);
      const res = await request(
        'PATCH',
        `${apiserver.url}${GROUP_PATH}/namespaces/${namespace}/workflowruns/wf-${workflow}-run-${n}/status`,
        statusBody(n),
        auth,
        tlsAgent,
      );
      if (res.status !== 200)
        throw new Error(
          `status of run ${n}: ${res.status} ${JSON.stringify(res.body).slice(
            0,
            300,
          )}`,
        );
    });
    const statusMs = Date.now() - t1;
    report(
      `created ${runs} WorkflowRuns in ${(createdMs / 1000).toFixed(1)} s (${(
        runs /
        (createdMs / 1000)
      ).toFixed(
        0,
      )}/s, 16 in flight) and patched the status of ${statusCount} in ${(
        statusMs / 1000
      ).toFixed(1)} s; ${WORKFLOWS} workflows, ${NAMESPACES.length} namespaces`,
    );

    const proxy = await startCountingProxy(apiserver.url, ca);
    stops.unshift(() => proxy.stop());
    const kubeconfigPath = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(
      kubeconfigPath,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: bench, cluster: {server: "' +
          proxy.url +
          '", insecure-skip-tls-verify: true}}]', // plain HTTP to the loopback proxy
        'users: [{name: bench, user: {token: "' + token + '"}}]',
        'contexts: [{name: bench, context: {cluster: bench, user: bench}}]',
        'current-context: bench',
        '',
      ].join('\n'),
    );

    // ---- memory per cached run: the backend's own cluster state (caches + ordered index), alone
    const quiet = () => undefined;
    const logger: any = { info: quiet, debug: quiet, warn: log, error: log };
    logger.child = () => logger;
    if (!gc()) log('run node with --expose-gc for the memory figure');
    const heapBefore = process.memoryUsage().heapUsed;
    const state = new ClusterState(
      {
        name: 'bench',
        connection: { authProvider: 'kubeconfig', kubeconfigPath },
      } as any,
      logger,
    );
    const tState = Date.now();
    await Promise.race([
      state.start(),
      sleep(300_000).then(() => {
        throw new Error('caches not synced after 300 s');
      }),
    ]);
    state.runOrder.walk('*').next(); // merge the sync into the order
    const stateSyncMs = Date.now() - tState;
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    const cached = state.runs.list().length;
    state.stop();
    report(
      `memory: ${((heapAfter - heapBefore) / 1e6).toFixed(
        1,
      )} MB heap for ${cached} cached runs = ${(
        (heapAfter - heapBefore) /
        cached
      ).toFixed(
        0,
      )} bytes per run (ClusterState caches + ordered index, after GC; sync alone ${stateSyncMs} ms)`,
    );

    // ---- cold sync of the backend
    const syncStart = Date.now();
    const before = proxy.snapshot();
    const backend = await startTestBackend({
      features: [
        openchoreoWorkflowsPlugin,
        mockServices.rootConfig.factory({
          data: {
            openchoreoWorkflows: {
              clusters: [
                { name: 'bench', authProvider: 'kubeconfig', kubeconfigPath },
              ],
            },
          },
        }),
      ],
    });
    stops.unshift(() => backend.stop());
    const api = `http://127.0.0.1:${backend.server.port()}/api/openchoreo-workflows`;
    for (;;) {
      // A busy event loop may let keep-alive sockets expire: a reset is one more poll.
      const health = await request('GET', `${api}/health`).catch(
        () => undefined,
      );
      if (health?.body?.ready) break;
      if (Date.now() - syncStart > 300_000)
        throw new Error('backend caches not ready after 300 s');
      await sleep(20);
    }
    const syncMs = Date.now() - syncStart;
    const afterSync = proxy.snapshot();
    report(
      `cold sync (backend start until /health ready): ${syncMs} ms, ${
        afterSync.lists - before.lists
      } LIST pages of workflowruns, ${(
        (afterSync.bytes - before.bytes) /
        1e6
      ).toFixed(1)} MB`,
    );
    // The archive records every run it sees (and reads the Argo outputs of finished ones):
    // wait until the apiserver sees no request for 3 s, so page views are measured alone.
    const settleStart = Date.now();
    const total = () => {
      const c = proxy.snapshot();
      return c.lists + c.watches + c.other;
    };
    for (let last = total(), since = Date.now(); Date.now() - since < 3000; ) {
      if (Date.now() - settleStart > 900_000)
        throw new Error('backend still busy with the apiserver after 900 s');
      await sleep(250);
      if (total() !== last) [last, since] = [total(), Date.now()];
    }
    report(
      `backend background work after sync (archiving ${runs} runs, Argo output reads) settled after ${(
        (Date.now() - settleStart) /
        1000
      ).toFixed(1)} s`,
    );

    // ---- page views
    const naive = await startNaiveServer(proxy.url, token);
    stops.unshift(() => naive.stop());
    const perWorkflow = runs / WORKFLOWS;
    const expect = Math.min(50, perWorkflow);
    const oursBefore = proxy.snapshot();
    const ours = await measure(
      'ours',
      i => `${api}/runs?workflow=wf-${i % WORKFLOWS}&limit=50`,
      requests,
      expect,
    );
    const oursAfter = proxy.snapshot();
    const naiveRequests = Math.max(
      20,
      Math.min(requests, Math.round(2e6 / runs)),
    );
    const naiveRes = await measure(
      'naive',
      i => `${naive.url}/runs?workflow=wf-${i % WORKFLOWS}&limit=50`,
      naiveRequests,
      expect,
    );
    const naiveAfter = proxy.snapshot();
    const k8sPerView = (
      a: typeof oursBefore,
      b: typeof oursBefore,
      n: number,
    ) =>
      (
        (b.lists + b.other + b.watches - a.lists - a.other - a.watches) /
        (n + 10)
      ).toFixed(2);
    report(
      `ours  GET /runs?workflow=…&limit=50: p50 ${ours.p50.toFixed(
        2,
      )} ms, p99 ${ours.p99.toFixed(
        2,
      )} ms (${requests} sequential requests); Kubernetes requests per page view: ${k8sPerView(
        oursBefore,
        oursAfter,
        requests,
      )}`,
    );
    report(
      `naive LIST ?labelSelector=${WORKFLOW_LABEL}=…, sort, page 50: p50 ${naiveRes.p50.toFixed(
        2,
      )} ms, p99 ${naiveRes.p99.toFixed(
        2,
      )} ms (${naiveRequests} requests); Kubernetes requests per page view: ${k8sPerView(
        oursAfter,
        naiveAfter,
        naiveRequests,
      )} (${perWorkflow} runs per workflow)`,
    );
    report(
      `p50 ratio naive/ours: ${(naiveRes.p50 / ours.p50).toFixed(
        0,
      )}x, p99 ratio ${(naiveRes.p99 / ours.p99).toFixed(0)}x`,
    );

    // ---- status patch -> event on /stream
    const watched = 'wf-7';
    const waiting = new Map<string, (at: bigint) => void>();
    const stream = await openStream(
      `${api}/stream?workflow=${watched}`,
      data => {
        if (data?.type !== 'MODIFIED') return;
        waiting.get(data.run.name)?.(process.hrtime.bigint());
      },
    );
    stops.unshift(async () => stream.close());
    await sleep(200);
    const latencies: number[] = [];
    const candidates = Array.from({ length: runs }, (_, n) => n).filter(
      n => where(n).workflow === 7,
    );
    for (let i = 0; i < changes; i++) {
      const n = candidates[i % candidates.length];
      const { namespace } = where(n);
      const name = `wf-7-run-${n}`;
      const arrived = new Promise<bigint>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no stream event for ${name} in 10 s`)),
          10_000,
        );
        waiting.set(name, at => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      const start = process.hrtime.bigint();
      const res = await request(
        'PATCH',
        `${apiserver.url}${GROUP_PATH}/namespaces/${namespace}/workflowruns/${name}/status`,
        statusBody(n, `change ${i}`),
        auth,
        tlsAgent,
      );
      if (res.status !== 200) throw new Error(`status patch: ${res.status}`);
      latencies.push(Number((await arrived) - start) / 1e6);
      waiting.delete(name);
      await sleep(20);
    }
    latencies.sort((a, b) => a - b);
    report(
      `status patch -> /stream event (${changes} changes): p50 ${percentile(
        latencies,
        50,
      ).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(
        1,
      )} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
    );
    report(
      `node ${process.version}, ${os.cpus().length} CPUs (${
        os.cpus()[0]?.model ?? '?'
      }), load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    httpAgent.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
