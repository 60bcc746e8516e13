/*
 * The differential test at scale: generated Workflows (both schema
 * generations), CEL templates and parameters through our engine and through
 * OpenChoreo v1.2.3's own code (tools/openchoreo-oracle), compared.
 *
 *   node scripts/bench/run.js differential [--cases 100000] [--seed 1] [--examples 3]
 *
 * Prints the count of every class, every kind of divergence with examples,
 * and last `differential: cases N, divergences D (classes: ...)`. Exits 1
 * when a case diverges or a class is under its floor. CI runs 2,000 cases in
 * packages/openchoreo-stack/src/differential/differential.test.ts.
 */
import { OpenChoreoOracle } from '../../packages/openchoreo-stack/src/oracle/OpenChoreoOracle';
import { runDifferential } from '../../packages/openchoreo-stack/src/differential/runDifferential';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export async function main(args: string[]) {
  const cases = option(args, 'cases', 100_000);
  const seed = option(args, 'seed', 1);
  const started = Date.now();
  const oracle = await OpenChoreoOracle.start();
  let report;
  try {
    report = await runDifferential({
      oracle,
      seed,
      cases,
      examplesPerKind: option(args, 'examples', 3),
      onBatch: done => {
        if (done % 10_000 === 0) process.stdout.write(`  ${done} cases\n`);
      },
    });
  } finally {
    await oracle.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`seed ${seed}; ${seconds} s\nclasses:\n`);
  for (const [cls, n] of Object.entries(report.classCounts).sort()) {
    process.stdout.write(`  ${cls}: ${n}\n`);
  }
  process.stdout.write(
    'documented deliberate divergences (docs/divergences.md):\n',
  );
  for (const [name, n] of Object.entries(report.deliberate))
    process.stdout.write(`  ${name}: ${n}\n`);
  process.stdout.write('divergences by kind:\n');
  for (const [kind, n] of Object.entries(report.divergenceKinds).sort(
    (a, b) => b[1] - a[1],
  )) {
    process.stdout.write(`  ${kind}: ${n}\n`);
  }
  for (const example of report.examples) {
    process.stdout.write(
      `  [${example.id}] ${example.aspect}: ${example.detail}\n`,
    );
    if (process.env.DIFF_SHOW_CASES) {
      process.stdout.write(`    ${JSON.stringify(example.case)}\n`);
    }
  }
  for (const missed of report.missedFloors)
    process.stdout.write(`  under its floor: ${missed}\n`);
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join('; ') || 'none';
  const deliberate = Object.values(report.deliberate).reduce(
    (a, b) => a + b,
    0,
  );
  process.stdout.write(
    `differential: cases ${report.cases}, divergences ${
      report.divergences
    } (classes: ${list(
      report.divergenceKinds,
    )}; documented deliberate divergences ${deliberate}: ${list(
      report.deliberate,
    )})\n`,
  );
  if (report.divergences > 0 || report.missedFloors.length > 0)
    process.exitCode = 1;
}
