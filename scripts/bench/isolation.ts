/*
 * Isolation of evaluation: with H hostile previews in flight (a Workflow
 * whose CEL takes hours; each finished one replaced at once, every one from
 * its own user), another user's `GET /api/openchoreo-workflows/runs` latency,
 * for the backend as it is (evaluation in worker threads with a deadline)
 * and for the naive peer (`openchoreoWorkflows.evaluation.inline: true`:
 * evaluation on the event loop, what the code did before).
 *
 *   node scripts/bench/run.js isolation [--hostile 10] [--seconds 15]
 *
 * Each backend (the plugin over the embedded local control plane with the
 * demo workflows, `startTestBackend`) runs in a child process, so a frozen
 * one can be measured and killed: a GET that gets no answer within 5 s
 * counts as frozen, and the peer then gets SIGTERM (which a frozen event
 * loop never handles) and SIGKILL. Bounded: fixed durations, a deadline on
 * every request and wait; loopback only.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  demoManifestsDir,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
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
const FROZEN_MS = 5000;
const TEN = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
/** 10^10 steps of CEL in constant memory: hours. */
const EXPENSIVE = Array.from({ length: 10 }, (_, i) => i + 1).reduceRight(
  (inner, i) => `${TEN}.all(v${i}, ${inner})`,
  'true',
);

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function call(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  user: string,
  body?: unknown,
  timeoutMs = FROZEN_MS,
): Promise<{ status: number; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        timeout: timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(`user:default/${user}`),
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - start,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('frozen')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The child: a backend over the local control plane with the hostile Workflow. */
async function serve(mode: string) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-bench-isolation-'));
  const lcp = await startLocalControlPlane({
    manifests: [demoManifestsDir()],
    kubeconfigOut: path.join(tmp, 'kubeconfig'),
  });
  lcp.store.create(lcp.store.registry.get('openchoreo.dev', 'workflows'), {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'hostile', namespace: 'default' },
    spec: {
      runTemplate: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name: 'h', namespace: '${metadata.namespace}' },
        spec: {
          arguments: { parameters: [{ name: 'v', value: `\${${EXPENSIVE}}` }] },
        },
      },
    },
  } as any);
  const backend = await startTestBackend({
    features: [
      openchoreoWorkflowsPlugin,
      mockServices.rootConfig.factory({
        data: {
          openchoreoWorkflows: {
            clusters: [
              {
                name: 'local',
                authProvider: 'kubeconfig',
                kubeconfigPath: path.join(tmp, 'kubeconfig'),
              },
            ],
            evaluation: { inline: mode === 'inline' },
          },
        },
      }),
    ],
  });
  const stop = async () => {
    await backend.stop();
    await lcp.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  announceReady((backend.server.address() as { port: number }).port);
  await new Promise(() => {});
}

/** GET /runs as another user, one at a time, while `hostile` previews are kept in flight. */
async function measure(mode: string, hostile: number, seconds: number) {
  const { child, port } = await startBackendChild('isolation', [mode]);
  const reader = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const attackers = new http.Agent({ keepAlive: true, maxSockets: hostile });
  // Ready: the caches have synced and GET /runs answers.
  for (let i = 0; i < 20; i++)
    await call(reader, port, 'GET', `${API}/runs`, 'reader');

  let running = true;
  const statuses: Record<string, number> = {};
  const attack = async (i: number) => {
    while (running) {
      // No client deadline: an attacker waits for its answer, then sends the next.
      const outcome = await call(
        attackers,
        port,
        'POST',
        `${API}/workflows/default/hostile/preview`,
        `attacker-${i}`,
        { parameters: {} },
        0,
      ).then(
        r => String(r.status),
        () => 'no answer',
      );
      statuses[outcome] = (statuses[outcome] ?? 0) + 1;
    }
  };
  const attacks = Array.from({ length: hostile }, (_, i) => attack(i));

  const times: number[] = [];
  let frozen = false;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    try {
      const r = await call(
        reader,
        port,
        'GET',
        `${API}/runs?limit=25`,
        'reader',
      );
      if (r.status !== 200) throw new Error(`GET /runs answered ${r.status}`);
      times.push(r.ms);
    } catch (e) {
      if ((e as Error).message !== 'frozen') throw e;
      frozen = true;
      break;
    }
  }
  running = false;

  const stoppedByTerm = await stopBackendChild(child);
  await Promise.race([
    Promise.all(attacks),
    new Promise(r => setTimeout(r, FROZEN_MS + 1000)),
  ]);
  reader.destroy();
  attackers.destroy();

  times.sort((a, b) => a - b);
  const result = {
    mode,
    requests: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    frozen,
    stoppedByTerm,
    previews: statuses,
  };
  log(JSON.stringify(result));
  return result;
}

export async function main(args: string[]) {
  const serveAt = args.indexOf('--serve');
  if (serveAt >= 0) {
    await serve(args[serveAt + 1]);
    return;
  }
  const hostile = option(args, 'hostile', 10);
  const seconds = option(args, 'seconds', 15);
  log(
    `${hostile} hostile previews in flight, GET /runs for ${seconds} s, pool then inline`,
  );
  const pool = await measure('pool', hostile, seconds);
  const inline = await measure('inline', hostile, seconds);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const peer = inline.frozen
    ? `'frozen' after ${inline.requests} answers, SIGTERM ${
        inline.stoppedByTerm ? 'stopped it' : 'did not stop it'
      }`
    : `p99 ${ms(inline.p99)}`;
  process.stdout.write(
    `isolation: hostile ${hostile}, GET /runs p50 ${ms(pool.p50)} p99 ${ms(
      pool.p99,
    )} (inline peer: ${peer})\n`,
  );
}
