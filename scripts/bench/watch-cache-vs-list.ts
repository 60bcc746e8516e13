/*
 * Our backend's reads (served from watch caches) against the naive approach
 * of a plugin without a cache (a LIST of every WorkflowRun from the API server
 * on each request, then filter, sort and page), on the same local control
 * plane, in one process, over loopback HTTP.
 *
 *   node scripts/bench/run.js watch-cache-vs-list [--workflows 50] [--runs 2000] [--requests 500]
 *
 * A counting proxy in front of the API server counts the LIST calls and the
 * bytes each approach costs it. Bounded: every loop has a fixed number of
 * requests, then everything stops.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  buildKubeconfig,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';

const NS = 'bench';
const GROUP_PATH = '/apis/openchoreo.dev/v1alpha1';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function httpJson(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return new Promise<{ status: number; body: any; bytes: number }>(
    (resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent,
          headers: {
            'Content-Type': 'application/json',
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

/** Forwards to the API server, counting LISTs, WATCHes and response bytes. */
async function startCountingProxy(target: string) {
  const counts = { lists: 0, watches: 0, other: 0, bytes: 0 };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    const isWatch =
      url.searchParams.get('watch') === 'true' ||
      url.pathname.includes('/watch/');
    const isList =
      req.method === 'GET' &&
      !isWatch &&
      /\/(workflowruns|workflows|clusterworkflows)$/.test(url.pathname);
    if (isWatch) counts.watches++;
    else if (isList) counts.lists++;
    else counts.other++;
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    counts,
    reset: () =>
      Object.assign(counts, { lists: 0, watches: 0, other: 0, bytes: 0 }),
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>(r => server.close(() => r()));
    },
  };
}

/**
 * The peer approach: every page view LISTs all WorkflowRuns (in pages of 500,
 * as a client-node based plugin does), then filters, sorts and pages in memory.
 */
async function startNaiveServer(apiServer: string) {
  const listAll = async (plural: string, namespace?: string) => {
    const items: any[] = [];
    let cont: string | undefined;
    do {
      const base = namespace
        ? `${GROUP_PATH}/namespaces/${namespace}/${plural}`
        : `${GROUP_PATH}/${plural}`;
      const url = `${apiServer}${base}?limit=500${
        cont ? `&continue=${encodeURIComponent(cont)}` : ''
      }`;
      const res = await httpJson('GET', url, undefined, {
        Authorization: 'Bearer openchoreo-local-token',
      });
      items.push(...res.body.items);
      cont = res.body.metadata?.continue || undefined;
    } while (cont);
    return items;
  };
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown;
      if (url.pathname === '/runs') {
        const limit = Number(url.searchParams.get('limit') ?? 25);
        const workflow = url.searchParams.get('workflow');
        const runs = (await listAll('workflowruns'))
          .filter(r => !workflow || r.spec?.workflow?.name === workflow)
          .sort((a, b) =>
            String(b.metadata.creationTimestamp).localeCompare(
              String(a.metadata.creationTimestamp),
            ),
          )
          .slice(0, limit)
          .map(r => ({
            name: r.metadata.name,
            namespace: r.metadata.namespace,
            workflow: r.spec.workflow,
            createdAt: r.metadata.creationTimestamp,
            conditions: r.status?.conditions ?? [],
          }));
        body = { items: runs };
      } else if (url.pathname === '/workflows') {
        const [wfs, cwfs] = await Promise.all([
          listAll('workflows'),
          listAll('clusterworkflows'),
        ]);
        body = {
          items: [...wfs, ...cwfs].map(w => ({
            kind: w.kind,
            name: w.metadata.name,
            namespace: w.metadata.namespace,
          })),
        };
      } else {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(body));
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

interface Result {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  lists: number;
  apiBytes: number;
  responseBytes: number;
}

async function measure(
  name: string,
  url: string,
  requests: number,
  proxy: Awaited<ReturnType<typeof startCountingProxy>>,
  check: (body: any) => void,
): Promise<Result> {
  for (let i = 0; i < 20; i++) check((await httpJson('GET', url)).body); // warm-up
  proxy.reset();
  const times: number[] = [];
  let responseBytes = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) {
    const t0 = process.hrtime.bigint();
    const res = await httpJson('GET', url);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 200)
      throw new Error(
        `${name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    responseBytes += res.bytes;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return {
    name,
    requests,
    rps: requests / seconds,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    lists: proxy.counts.lists,
    apiBytes: proxy.counts.bytes,
    responseBytes: responseBytes / requests,
  };
}

async function waitQuiet(
  read: () => string,
  quietMs: number,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
    const now = read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export async function main(args: string[]) {
  const workflows = option(args, 'workflows', 50);
  const runs = option(args, 'runs', 2000);
  const requests = option(args, 'requests', 500);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-bench-'));
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

  // The controller leaves runs of unknown workflows Failed once and retries in an hour: a quiet store.
  const lcp = await startLocalControlPlane({
    retrySeconds: 3600,
    stepSeconds: 3600,
  });
  const stops: Array<() => Promise<unknown>> = [() => lcp.stop()];
  try {
    const auth = { Authorization: 'Bearer openchoreo-local-token' };
    await httpJson(
      'POST',
      `${lcp.url}/api/v1/namespaces`,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      auth,
    );
    log(
      `creating ${workflows} Workflows and ${runs} WorkflowRuns in the local control plane`,
    );
    for (let i = 0; i < workflows; i++) {
      const res = await httpJson(
        'POST',
        `${lcp.url}${GROUP_PATH}/namespaces/${NS}/workflows`,
        {
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'Workflow',
          metadata: {
            name: `bench-workflow-${i}`,
            namespace: NS,
            annotations: {
              'openchoreo.dev/description': `Benchmark workflow ${i}`,
            },
          },
          spec: {
            parameters: {
              openAPIV3Schema: {
                type: 'object',
                properties: { n: { type: 'integer', default: 1 } },
              },
            },
            runTemplate: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              metadata: {
                name: '${metadata.workflowRunName}',
                namespace: '${metadata.namespace}',
              },
              spec: {},
            },
          },
        },
        auth,
      );
      if (res.status !== 201)
        throw new Error(
          `create workflow: ${res.status} ${JSON.stringify(res.body)}`,
        );
    }
    const batch = 20;
    for (let i = 0; i < runs; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, runs - i) }, async (_, j) => {
          const n = i + j;
          const res = await httpJson(
            'POST',
            `${lcp.url}${GROUP_PATH}/namespaces/${NS}/workflowruns`,
            {
              apiVersion: 'openchoreo.dev/v1alpha1',
              kind: 'WorkflowRun',
              metadata: {
                name: `bench-run-${n}`,
                namespace: NS,
                labels: { 'bench/index': String(n) },
              },
              // Unknown workflows: the controller marks these Failed once and leaves them be.
              spec: {
                workflow: {
                  kind: 'Workflow',
                  name: `gone-workflow-${n % workflows}`,
                  parameters: { n },
                },
              },
            },
            auth,
          );
          if (res.status !== 201)
            throw new Error(
              `create run: ${res.status} ${JSON.stringify(res.body)}`,
            );
        }),
      );
    }
    await waitQuiet(() => lcp.store.resourceVersion, 1000, 60_000);
    log(`store quiet at resourceVersion ${lcp.store.resourceVersion}`);

    const proxy = await startCountingProxy(lcp.url);
    stops.unshift(() => proxy.stop());
    const kubeconfigPath = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(kubeconfigPath, buildKubeconfig(proxy.url));

    const syncStart = Date.now();
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
      const health = await httpJson('GET', `${api}/health`);
      if (health.body?.ready) break;
      if (Date.now() - syncStart > 120_000)
        throw new Error('backend caches not ready after 120 s');
      await new Promise(r => setTimeout(r, 20));
    }
    const syncMs = Date.now() - syncStart;
    const syncCounts = { ...proxy.counts };
    log(
      `backend caches synced in ${syncMs} ms (${syncCounts.lists} LISTs, ${(
        syncCounts.bytes / 1e6
      ).toFixed(1)} MB)`,
    );

    const naive = await startNaiveServer(proxy.url);
    stops.unshift(() => naive.stop());

    const expectRuns = (min: number) => (body: any) => {
      if (!Array.isArray(body?.items) || body.items.length < min) {
        throw new Error(
          `unexpected runs page: ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
    };
    const expectWorkflows = (body: any) => {
      if (!Array.isArray(body?.items) || body.items.length < workflows) {
        throw new Error(
          `unexpected workflow list: ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
    };
    const results: Result[] = [];
    results.push(
      await measure(
        'ours  GET /runs?limit=25',
        `${api}/runs?limit=25`,
        requests,
        proxy,
        expectRuns(Math.min(25, runs)),
      ),
    );
    results.push(
      await measure(
        'naive GET /runs?limit=25',
        `${naive.url}/runs?limit=25`,
        requests,
        proxy,
        expectRuns(Math.min(25, runs)),
      ),
    );
    results.push(
      await measure(
        'ours  GET /workflows',
        `${api}/workflows`,
        requests,
        proxy,
        expectWorkflows,
      ),
    );
    results.push(
      await measure(
        'naive GET /workflows',
        `${naive.url}/workflows`,
        requests,
        proxy,
        expectWorkflows,
      ),
    );

    const table = [
      `| scenario (${workflows} workflows, ${runs} runs, ${requests} sequential requests) | req/s | p50 ms | p95 ms | p99 ms | API LISTs | API bytes | bytes/response |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        r =>
          `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(
            2,
          )} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.lists} | ${
            r.apiBytes
          } | ${r.responseBytes.toFixed(0)} |`,
      ),
    ];
    const ratio = (a: Result, b: Result) => (b.p50 / a.p50).toFixed(1);
    const summary = [
      `cold sync of the backend's caches: ${syncMs} ms, ${syncCounts.lists} LISTs, ${syncCounts.bytes} bytes from the API server`,
      `p50 ratio naive/ours: /runs ${ratio(
        results[0],
        results[1],
      )}x, /workflows ${ratio(results[2], results[3])}x`,
      `node ${process.version}, ${os.cpus().length} CPUs (${
        os.cpus()[0]?.model ?? '?'
      }), load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    ];
    process.stdout.write(`${table.join('\n')}\n\n${summary.join('\n')}\n`);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    agent.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
