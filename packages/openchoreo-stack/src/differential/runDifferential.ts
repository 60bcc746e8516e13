/*
 * Runs generated cases through our engine and OpenChoreo's own code (the
 * oracle), in batches, and tallies classes and divergences.
 */
import fc from 'fast-check';
import { OpenChoreoOracle } from '../oracle/OpenChoreoOracle';
import { DiffCase, diffCase } from './caseArbitrary';
import { classesOf, floors } from './classes';
import { compareCase, Comparison, Difference } from './compare';
import { OurSide, runOurs } from './ourSide';
import { ourProbe, ourProbeClass, theirProbe, theirProbeError } from './probes';
import { ARGUMENT_ORDER, explainedByArgumentOrder } from './argumentOrder';
import { OracleResult } from '../oracle/OpenChoreoOracle';
import { Json } from './schemaArbitraries';
import { deliberateFor } from './deliberate';

export interface Divergence extends Difference {
  id: string;
  case: DiffCase;
}

export interface DifferentialReport {
  seed: number;
  cases: number;
  /** Cases with at least one difference that no deliberate divergence explains. */
  divergences: number;
  classCounts: Record<string, number>;
  /** Divergent cases per kind (aspect and error classes). */
  divergenceKinds: Record<string, number>;
  /** Cases whose differences are all documented deliberate divergences, per divergence (deliberate.ts). */
  deliberate: Record<string, number>;
  /** The first few divergences of each kind. */
  examples: Divergence[];
  /** Classes under their floor: `class: count < floor`. */
  missedFloors: string[];
}

export interface DifferentialOptions {
  oracle: OpenChoreoOracle;
  seed: number;
  cases: number;
  batchSize?: number;
  examplesPerKind?: number;
  onBatch?(done: number): void;
}

function kindOf(d: Difference): string {
  if (d.aspect === 'error-class') {
    const m = /^ours (\S+) .*OpenChoreo (\S+) \(/s.exec(d.detail);
    return m ? `error-class: ours ${m[1]}, OpenChoreo ${m[2]}` : d.aspect;
  }
  if (d.aspect === 'render' && / fails \(/.test(d.detail)) {
    return d.detail.startsWith('ours')
      ? 'render: only ours fails'
      : 'render: only OpenChoreo fails';
  }
  return d.aspect;
}

/** The cases of one batch (deterministic for a seed and batch number). */
export function batchCases(
  seed: number,
  batch: number,
  size: number,
  first: number,
): DiffCase[] {
  const sampleSeed = (Math.imul(seed, 7919) + batch) | 0;
  return fc
    .sample(diffCase, { seed: sampleSeed, numRuns: size })
    .map((c, i) => ({ ...c, id: `s${seed}-b${batch}-${first + i}` }));
}

/**
 * Both engines failed with different error classes: probes each failing
 * template string alone in the other engine. When each engine fails on the
 * other's string with the other's class, only the order differed (OpenChoreo
 * walks maps in Go's random order) and the difference is dropped.
 */
async function settleErrorOrder(
  oracle: OpenChoreoOracle,
  c: DiffCase,
  ours: OurSide,
  theirs: OracleResult,
  cmp: Comparison,
  runParameters: Json,
): Promise<boolean> {
  const index = cmp.differences.findIndex(d => d.aspect === 'error-class');
  if (index < 0) return false;
  const theirString = theirProbe(theirs.error!);
  const ourString = ourProbe(ours.result.renderError!);
  if (!theirString || !ourString) return false;
  const d = cmp.differences[index];
  if (
    theirString.text === ourString.text &&
    explainedByArgumentOrder(
      c,
      ours.result.parameters,
      theirString.text.slice(2, -1),
      cmp.ourErrorClass!,
      cmp.theirErrorClass!,
    )
  ) {
    d.detail += `; ${ARGUMENT_ORDER}`;
    return false;
  }
  const oursOnTheirs = ourProbeClass(c, theirString);
  const theirsOnOurs = await theirProbeError(
    oracle,
    c,
    ourString,
    runParameters,
  );
  // Alone, their string may fail here with another class only because cel-js
  // evaluates its items last to first: both orders at once.
  const orderInTheirs =
    oursOnTheirs !== undefined &&
    oursOnTheirs !== cmp.theirErrorClass &&
    explainedByArgumentOrder(
      c,
      ours.result.parameters,
      theirString.text.slice(2, -1),
      oursOnTheirs,
      cmp.theirErrorClass!,
    );
  if (
    (oursOnTheirs === cmp.theirErrorClass || orderInTheirs) &&
    theirsOnOurs?.cls === cmp.ourErrorClass
  ) {
    if (orderInTheirs) {
      d.detail += `; Go's map order, and ${ARGUMENT_ORDER}`;
      return false;
    }
    cmp.differences.splice(index, 1);
    return true;
  }
  d.detail += `; alone, ${theirString.text} ${
    oursOnTheirs ? `fails in ours with ${oursOnTheirs}` : 'renders in ours'
  }, ${ourString.text} ${
    theirsOnOurs
      ? `fails in OpenChoreo with ${theirsOnOurs.cls} (${theirsOnOurs.message})`
      : 'renders in OpenChoreo'
  }`;
  return false;
}

/** Generates, evaluates and compares `cases` cases; never throws for a divergence. */
export async function runDifferential(
  options: DifferentialOptions,
): Promise<DifferentialReport> {
  const batchSize = options.batchSize ?? 500;
  const perKind = options.examplesPerKind ?? 3;
  const report: DifferentialReport = {
    seed: options.seed,
    cases: 0,
    divergences: 0,
    classCounts: {},
    divergenceKinds: {},
    deliberate: {},
    examples: [],
    missedFloors: [],
  };
  for (let batch = 0; report.cases < options.cases; batch++) {
    const size = Math.min(batchSize, options.cases - report.cases);
    const cases = batchCases(options.seed, batch, size, report.cases);
    const ours = cases.map(runOurs);
    const theirs = await Promise.all(
      cases.map((c, i) =>
        options.oracle.render({
          id: c.id,
          workflow: c.workflow,
          runParameters: ours[i].launchWrites ?? c.userParameters,
          context: c.context,
        }),
      ),
    );
    for (const [i, c] of cases.entries()) {
      const cmp = compareCase(c, ours[i], theirs[i]);
      const runParameters = ours[i].launchWrites ?? c.userParameters;
      const settled = await settleErrorOrder(
        options.oracle,
        c,
        ours[i],
        theirs[i],
        cmp,
        runParameters,
      );
      if (settled)
        report.classCounts['error-order'] =
          (report.classCounts['error-order'] ?? 0) + 1;
      for (const cls of classesOf(
        c,
        ours[i].result.parameters,
        theirs[i],
        cmp,
      )) {
        report.classCounts[cls] = (report.classCounts[cls] ?? 0) + 1;
      }
      if (cmp.differences.length === 0) continue;
      const known = new Set<string>();
      const unexplained = cmp.differences.filter(d => {
        const deliberate = deliberateFor(d, c);
        if (deliberate) known.add(deliberate.name);
        return !deliberate;
      });
      for (const name of known)
        report.deliberate[name] = (report.deliberate[name] ?? 0) + 1;
      if (unexplained.length === 0) continue;
      report.divergences++;
      for (const kind of new Set(unexplained.map(kindOf))) {
        report.divergenceKinds[kind] = (report.divergenceKinds[kind] ?? 0) + 1;
        const shown = report.examples.filter(e => kindOf(e) === kind).length;
        const d = unexplained.find(x => kindOf(x) === kind)!;
        if (shown < perKind) report.examples.push({ ...d, id: c.id, case: c });
      }
    }
    report.cases += size;
    options.onBatch?.(report.cases);
  }
  for (const [cls, floor] of Object.entries(floors(report.cases))) {
    const count = report.classCounts[cls] ?? 0;
    if (count < floor) report.missedFloors.push(`${cls}: ${count} < ${floor}`);
  }
  return report;
}
