/*
 * The watch cache under injected faults: dropped connections, expired
 * resourceVersions (410 Gone) and API server restarts, seeded, while runs
 * change on the local control plane. Afterwards the cache must equal the
 * server object by object and the listener must have seen every final state.
 *
 *   node scripts/bench/run.js watch-faults [--faults 1000] [--seed 1]
 *
 * The last line: `watch-faults: faults N, objects M, mismatches 0, final states delivered yes`.
 * Exits 1 when anything differs. CI runs 100 faults in
 * plugins/openchoreo-workflows-node/src/cache/WatchCache.faults.test.ts.
 */
import { runWatchFaults } from '../../plugins/openchoreo-workflows-node/src/testUtils/watchFaults';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export async function main(args: string[]) {
  const faults = option(args, 'faults', 1000);
  const seed = option(args, 'seed', 1);
  const started = Date.now();
  const result = await runWatchFaults({
    seed,
    faults,
    onFault: n => {
      if (n % 100 === 0) process.stdout.write(`  ${n} faults\n`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `seed ${seed}; ${JSON.stringify(result.byKind)}; created ${
      result.created
    }; lists ${result.lists}, relists on 410 ${
      result.relistsOnGone
    }; ${seconds} s\n`,
  );
  for (const example of result.examples) process.stdout.write(`  ${example}\n`);
  process.stdout.write(
    `watch-faults: faults ${result.faults}, objects ${
      result.objects
    }, mismatches ${result.mismatches}, final states delivered ${
      result.finalStatesDelivered ? 'yes' : 'no'
    }\n`,
  );
  if (result.mismatches > 0 || !result.finalStatesDelivered)
    process.exitCode = 1;
}
