/*
 * The API fuzzer at length: random shorthand and openAPIV3 schemas, CEL
 * templates and parameter documents into preview and launch through the
 * backend's HTTP API on the local control plane (loopback only), as
 * plugins/openchoreo-workflows-backend/src/service/apiFuzz.test.ts does in
 * npm test with fewer cases.
 *
 *   node scripts/bench/run.js fuzz [--cases 100000] [--seed 20261130] [--hostile]
 *
 * --hostile adds Workflows whose CEL runs for hours, one case in a thousand
 * (see fuzzCases in apiFuzz.ts for why npm test leaves them out).
 *
 * Stops at the first answer of 500 or more, request past 2 s or dropped
 * connection (fast-check prints the seed and path to replay it). The last
 * line: `fuzz: N cases, seed S, 0 failures, p50/p99/max ms, statuses`.
 */
import fc from 'fast-check';
import {
  call,
  fuzzCases,
  FuzzStats,
  runCase,
  startFuzzTarget,
} from '../../plugins/openchoreo-workflows-backend/src/__testUtils__/apiFuzz';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export async function main(args: string[]) {
  const cases = option(args, 'cases', 100_000);
  const seed = option(args, 'seed', 20261130);
  const hostile = args.includes('--hostile');
  const target = await startFuzzTarget();
  const stats = new FuzzStats();
  const started = Date.now();
  let n = 0;
  try {
    await fc
      .assert(
        fc.asyncProperty(fuzzCases({ hostile }), async c => {
          await runCase(target, c, n++, stats);
          if (n % 1000 === 0) {
            const s = ((Date.now() - started) / 1000).toFixed(0);
            process.stdout.write(`  ${n} cases, ${s} s\n`);
          }
        }),
        { seed, numRuns: cases, endOnFailure: true },
      )
      .catch(e => {
        // fast-check's message has the case; its cause says what went wrong.
        const cause = (e as { cause?: unknown }).cause;
        throw new Error(`${(e as Error).message}\nCause: ${cause}`);
      });
    const health = await call(target.port, 'GET', '/health');
    if (health.status !== 200) throw new Error(`/health: ${health.status}`);
  } finally {
    await target.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const s = stats.summary();
  process.stdout.write(
    `fuzz: ${n} cases${
      hostile ? ' (hostile)' : ''
    }, seed ${seed}, 0 failures, ${s.requests} requests in ${seconds} s; p50 ${
      s.p50Ms
    } ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms; ${JSON.stringify(
      s.statuses,
    )}\n`,
  );
}
