/*
 * Live streams at scale: N concurrent `GET /api/openchoreo-workflows/stream`
 * subscribers (each a distinct user: the per-user cap stays at its default)
 * on one backend while runs change at a steady rate. Measures the backend
 * process's extra RSS with N subscribers vs. none (same changes, same
 * duration: its highest RSS with them, while runs change or after a full
 * GC, minus its RSS after the same changes without them and a full GC) and
 * the latency from each change to its arrival at every
 * subscriber (p50/p99 over all deliveries).
 *
 *   node scripts/bench/run.js streams --subscribers 1000 [--rate 10] [--seconds 20] [--cpu-prof DIR]
 *
 * The backend (the plugin, `startTestBackend`) runs in a child process so
 * its RSS is its own; the local control plane (the cluster it watches) and
 * the subscribers run here. Changes alternate: create a WorkflowRun, then
 * update its spec.workflow.parameters (mutable in OpenChoreo); each carries
 * its sequence number in parameters.seq, timed from just before the request
 * to the API server. Bounded: fixed counts and durations, a deadline on
 * every wait; loopback only.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  buildKubeconfig,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openchoreoWorkflowsPlugin } from '../../plugins/openchoreo-workflows-backend/src/plugin';
import {
  announceReady,
  startBackendChild,
  stopBackendChild,
} from './backendChild';

const API = '/api/openchoreo-workflows';
const RUNS = '/apis/openchoreo.dev/v1alpha1/namespaces/bench/workflowruns';
const DELIVERY_DEADLINE_MS = 30_000;
/** A run event's parameters.seq (the only parameter the bench's runs have). */
const SEQ = /"parameters":\{"seq":(\d+)\}/;

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, Math.max(0, ms)));
function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
/** `--cpu-prof DIR`: the backend writes a V8 CPU profile there when it stops. */
function profiling(args: string[]): string[] {
  const i = args.indexOf('--cpu-prof');
  if (i < 0) return [];
  const dir = path.resolve(args[i + 1] ?? '');
  if (
    !args[i + 1] ||
    !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()
  )
    throw new Error('--cpu-prof: an existing directory');
  return ['--cpu-prof', '--cpu-prof-dir', dir];
}
function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** The child: the backend alone, watching the parent's control plane. */
async function serve(kubeconfigPath: string) {
  const backend = await startTestBackend({
    features: [
      openchoreoWorkflowsPlugin,
      mockServices.rootConfig.factory({
        data: {
          openchoreoWorkflows: {
            clusters: [
              { name: 'bench', authProvider: 'kubeconfig', kubeconfigPath },
            ],
            notifications: { enabled: false },
          },
        },
      }),
    ],
  });
  process.on('message', message => {
    if (message !== 'gc') return;
    (global as any).gc();
    process.send!('gc-done');
  });
  process.on('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
  announceReady(backend.server.port());
  await new Promise(() => {});
}

/** The child's resident set (MB) and CPU time (ms), from /proc. */
function usage(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: rssKb / 1024, cpuMs: (ticks * 1000) / 100 };
}

function collectGarbage(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gc: no answer')), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send('gc');
  });
}

function request(
  url: string,
  method: string,
  body?: unknown,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        timeout: 30_000,
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer openchoreo-local-token',
          ...headers,
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text }),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${url}: timeout`)),
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * One subscriber: a minimal text/event-stream reader that hands each `run`
 * event's parameters.seq to `onRun`; resolves once the server's first
 * comment arrived (the subscription is in place).
 */
function subscribe(
  port: number,
  user: string,
  onRun: (seq: number) => void,
): Promise<{ close(): void; ended(): boolean }> {
  return new Promise((resolve, reject) => {
    let ended = false;
    let buffer = '';
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `${API}/stream`,
        agent: false,
        headers: {
          Authorization: mockCredentials.user.header(`user:default/${user}`),
        },
      },
      res => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET /stream as ${user}: ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n\n'); i >= 0; ) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            i = buffer.indexOf('\n\n');
            if (block.startsWith(':')) {
              resolve(handle);
              continue;
            }
            if (!block.startsWith('event: run\ndata: ')) continue;
            // The seq alone, not JSON.parse of the whole run: this process
            // reads for 1,000 subscribers on the cores the backend uses.
            const seq = SEQ.exec(block)?.[1];
            if (seq !== undefined) onRun(Number(seq));
          }
        });
        res.on('close', () => (ended = true));
      },
    );
    const handle = { close: () => req.destroy(), ended: () => ended };
    req.setTimeout(60_000, () => {
      if (!buffer && !ended) req.destroy(new Error(`${user}: no answer`));
    });
    req.on('error', e => {
      ended = true;
      reject(e);
    });
  });
}

/** Changes runs at `rate` per second for `seconds`; returns when each was sent, by seq. */
async function changeRuns(
  url: string,
  firstSeq: number,
  rate: number,
  seconds: number,
  sentAt: Map<number, number>,
  pid: number,
) {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const start = performance.now();
  const pending: Promise<unknown>[] = [];
  const rss: number[] = [];
  let created: Promise<unknown> = Promise.resolve();
  for (let k = 0; k < total; k++) {
    await sleep(start + k * interval - performance.now());
    if (k % Math.max(1, Math.round(rate / 2)) === 0) rss.push(usage(pid).rssMb);
    const seq = firstSeq + k;
    if (k % 2 === 0) {
      sentAt.set(seq, performance.now());
      created = request(`${url}${RUNS}`, 'POST', {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        metadata: { name: `run-${seq}`, namespace: 'bench' },
        // An unknown workflow: the controller marks the run Failed once and leaves it be.
        spec: {
          workflow: { kind: 'Workflow', name: 'wf', parameters: { seq } },
        },
      }).then(check('create', seq));
      pending.push(created);
    } else {
      const after = created;
      pending.push(
        after.then(() => {
          sentAt.set(seq, performance.now());
          return request(
            `${url}${RUNS}/run-${seq - 1}`,
            'PATCH',
            { spec: { workflow: { parameters: { seq } } } },
            { 'Content-Type': 'application/merge-patch+json' },
          ).then(check('update', seq));
        }),
      );
    }
  }
  await Promise.all(pending);
  return { total, rss };
}

const check =
  (what: string, seq: number) => (res: { status: number; body: string }) => {
    if (res.status >= 300)
      throw new Error(
        `${what} ${seq}: ${res.status} ${res.body.slice(0, 200)}`,
      );
  };

export async function main(args: string[]) {
  const serveAt = args.indexOf('--serve');
  if (serveAt >= 0) {
    await serve(args[serveAt + 1]);
    return;
  }
  const subscribers = option(args, 'subscribers', 100);
  const rate = option(args, 'rate', 10);
  const seconds = option(args, 'seconds', 20);
  if (!(subscribers >= 1 && subscribers <= 5000 && rate > 0 && rate <= 200))
    throw new Error('--subscribers 1..5000, --rate 0..200 changes per second');
  if (!(seconds > 0 && seconds <= 600)) throw new Error('--seconds 1..600');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-bench-streams-'));
  const stops: Array<() => Promise<unknown>> = [];
  const streams: Array<{ close(): void; ended(): boolean }> = [];
  try {
    const lcp = await startLocalControlPlane({
      retrySeconds: 3600,
      stepSeconds: 3600,
    });
    stops.unshift(() => lcp.stop());
    check(
      'namespace',
      0,
    )(
      await request(`${lcp.url}/api/v1/namespaces`, 'POST', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'bench' },
      }),
    );
    const kubeconfigPath = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(kubeconfigPath, buildKubeconfig(lcp.url));
    const { child, port } = await startBackendChild(
      'streams',
      [kubeconfigPath],
      { nodeArgs: ['--expose-gc', ...profiling(args)], ipc: true },
    );
    const pid = child.pid!;
    stops.unshift(() => stopBackendChild(child, 30_000));
    const deadline = Date.now() + 300_000;
    for (;;) {
      const health = await request(
        `http://127.0.0.1:${port}${API}/health`,
        'GET',
      ).catch(() => undefined);
      if (health && JSON.parse(health.body).ready === true) break;
      if (Date.now() > deadline) throw new Error('backend: caches not ready');
      await sleep(250);
    }
    log(
      `backend ready (pid ${pid}); ${rate} changes/s for ${seconds} s, without subscribers`,
    );

    // A warm-up (compiled code, caches, the archive's first writes), then
    // phase A: the same changes as with subscribers, without them.
    const sentAt = new Map<number, number>();
    const warmup = await changeRuns(lcp.url, 0, rate, seconds, sentAt, pid);
    await sleep(2000);
    const warmupRss = usage(pid).rssMb;
    const cpuA = usage(pid).cpuMs;
    const a = await changeRuns(
      lcp.url,
      warmup.total,
      rate,
      seconds,
      sentAt,
      pid,
    );
    const cpuPerChangeA = (usage(pid).cpuMs - cpuA) / a.total;
    await sleep(2000);
    await collectGarbage(child);
    const settledA = usage(pid).rssMb;

    // Phase B: N subscribers, each a distinct user.
    const latencies: number[] = [];
    const seen = Array.from({ length: subscribers }, () => new Set<number>());
    let duplicates = 0;
    const connectStart = performance.now();
    for (let i = 0; i < subscribers; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, subscribers - i) }, (_, j) => {
          const s = i + j;
          return subscribe(port, `bench-${s}`, seq => {
            if (!sentAt.has(seq) || seq < warmup.total + a.total) return;
            if (seen[s].has(seq)) {
              duplicates++; // the controller's status update of the same run
              return;
            }
            seen[s].add(seq);
            latencies.push(performance.now() - sentAt.get(seq)!);
          });
        }),
      );
      streams.push(...batch);
    }
    log(
      `${subscribers} subscribers connected in ${(
        (performance.now() - connectStart) /
        1000
      ).toFixed(1)} s`,
    );
    await sleep(2000);
    const connectedIdle = usage(pid).rssMb;
    const cpuB = usage(pid).cpuMs;
    const clientCpuB = process.cpuUsage();
    const b = await changeRuns(
      lcp.url,
      warmup.total + a.total,
      rate,
      seconds,
      sentAt,
      pid,
    );
    const expected = b.total * subscribers;
    const waitUntil = Date.now() + DELIVERY_DEADLINE_MS;
    while (latencies.length < expected && Date.now() < waitUntil)
      await sleep(100);
    const cpuPerChangeB = (usage(pid).cpuMs - cpuB) / b.total;
    const clientCpu = process.cpuUsage(clientCpuB);
    const clientPerChange =
      (clientCpu.user + clientCpu.system) / 1000 / b.total;
    const peakB = Math.max(...b.rss);
    await collectGarbage(child);
    const settledB = usage(pid).rssMb;
    const endedEarly = streams.filter(s => s.ended()).length;

    latencies.sort((x, y) => x - y);
    const peakA = Math.max(...a.rss);
    // The most the subscribers held, against the least the backend needs without them
    // (a full GC after phase A may return memory that phase A's peak still counted).
    const extra = Math.max(peakB, settledB) - settledA;
    const f = (n: number) => n.toFixed(1);
    const lines = [
      `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(
          ' ',
        )}; ${rate} changes/s for ${seconds} s per phase (half creates, half updates)`,
      `| backend RSS, MB | no subscribers | ${subscribers} subscribers |`,
      `| --- | ---: | ---: |`,
      `| after a warm-up of the same changes | ${f(warmupRss)} | |`,
      `| peak while runs change | ${f(peakA)} | ${f(peakB)} |`,
      `| after the changes and a full GC | ${f(settledA)} | ${f(settledB)} |`,
      `| connected, idle (before the changes) | | ${f(connectedIdle)} |`,
      `| backend CPU ms per change | ${f(cpuPerChangeA)} | ${f(
        cpuPerChangeB,
      )} |`,
      `| this process's CPU ms per change (control plane, subscribers) | | ${f(
        clientPerChange,
      )} |`,
      `deliveries ${latencies.length} of ${expected} (${
        expected - latencies.length
      } missing), ${duplicates} later updates of the same run, ${endedEarly} streams ended early; latency p50 ${f(
        percentile(latencies, 50),
      )} ms p90 ${f(percentile(latencies, 90))} ms p99 ${f(
        percentile(latencies, 99),
      )} ms max ${f(latencies[latencies.length - 1] ?? NaN)} ms`,
      `streams: ${subscribers} subscribers, extra RSS ${f(
        extra,
      )} MB, event p50 ${f(percentile(latencies, 50))} ms p99 ${f(
        percentile(latencies, 99),
      )} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (latencies.length < expected)
      throw new Error(`${expected - latencies.length} deliveries missing`);
  } finally {
    for (const s of streams) s.close();
    for (const stop of stops) await stop().catch(e => log(`stopping: ${e}`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
