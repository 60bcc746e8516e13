/*
 * The differential test: generated Workflows of both schema generations, CEL
 * templates from a grammar and run parameters go through our engine
 * (evaluateRun, as preview and launch use it) and through OpenChoreo
 * v1.2.3's own code (tools/openchoreo-oracle); schema, defaulted parameters
 * with their Go number types and the rendered objects must agree, or both
 * must fail with the same error class. 100,000 cases:
 * `node scripts/bench/run.js differential`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OpenChoreoOracle } from '../oracle/OpenChoreoOracle';
import { DELIBERATE } from './deliberate';
import { DifferentialReport, runDifferential } from './runDifferential';

// The first start may build the Go oracle (minutes when cold).
const BUILD_TIMEOUT_MS = 30 * 60_000;
const SEED = Number(process.env.DIFF_SEED ?? 20261130);
const CASES = Number(process.env.DIFF_CASES ?? 2000);

let oracle: OpenChoreoOracle | undefined;
let report: DifferentialReport;

beforeAll(async () => {
  oracle = await OpenChoreoOracle.start();
  report = await runDifferential({ oracle, seed: SEED, cases: CASES });
}, BUILD_TIMEOUT_MS);
afterAll(() => oracle?.close());

describe(`differential test against OpenChoreo v1.2.3 (seed ${SEED}, ${CASES} cases)`, () => {
  it('reaches the floor of every class, so the grammar cannot silently stop producing one', () => {
    expect(report.cases).toBe(CASES);
    expect(report.missedFloors).toEqual([]);
  });

  it('finds no divergence that docs/divergences.md does not explain', () => {
    const shown = report.examples.map(
      e =>
        `[${e.id}] ${e.aspect}: ${e.detail}\n  case: ${JSON.stringify(e.case)}`,
    );
    expect({
      divergences: report.divergences,
      kinds: report.divergenceKinds,
      examples: shown,
    }).toEqual({
      divergences: 0,
      kinds: {},
      examples: [],
    });
  });

  it('explains each deliberate divergence in a section of docs/divergences.md', () => {
    const doc = fs.readFileSync(
      path.resolve(__dirname, '../../../../docs/divergences.md'),
      'utf8',
    );
    const sections = doc
      .split('\n')
      .filter(l => l.startsWith('## '))
      .map(l => l.slice(3).trim());
    expect(
      DELIBERATE.map(d => d.section).filter(s => !sections.includes(s)),
    ).toEqual([]);
  });
});
