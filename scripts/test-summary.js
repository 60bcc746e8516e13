// Prints what scripts/test.sh did and its closing line "N passed, N failed"
// (", N skipped" when a runner was skipped on purpose). Every step counts:
// - tsc, lint, format, api-reports and sizes are one check each;
// - a runner (jest, playwright, the summary's own tests) counts its tests;
//   a skipped, pending or interrupted test is a failure (nothing may be
//   silently left out), as is a runner error, a missing report, a step that
//   exited non-zero without a failing test, or fewer tests than the floor the
//   repository declares for that runner (scripts/test-floors.json);
// - a runner skipped on purpose (OCW_SKIP_E2E=1) is printed as skipped, with
//   the number of its tests.
// Exits non-zero when anything failed or nothing passed.
const fs = require('node:fs');
const path = require('node:path');

/** Which report each runner step writes in the results folder. */
const RUNNERS = {
  unit: { runner: 'jest', report: 'jest.json' },
  e2e: { runner: 'playwright', report: 'playwright.json' },
  'summary-tests': { runner: 'summary-tests', report: 'summary-tests.tap' },
  schemathesis: { runner: 'schemathesis', report: 'schemathesis.xml' },
};

/** Steps as test.sh records them: `<pass|fail|skip> <name> <seconds>s [detail]`. */
function parseSteps(text) {
  return (text ?? '')
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .map(line => {
      const [outcome, name, took, ...rest] = line.split(' ');
      return { outcome, name, took, detail: rest.join(' ') };
    });
}

/** Counts of a Jest `--json` report. */
function countJest(report) {
  const problems = [];
  const notRun = [];
  const failedNames = [];
  for (const suite of report.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'failed') {
        failedNames.push(
          `${path.basename(suite.name ?? '?')} › ${
            t.fullName ?? t.title
          }: ${firstLine((t.failureMessages ?? []).join('\n'))}`,
        );
      }
      if (
        t.status === 'pending' ||
        t.status === 'todo' ||
        t.status === 'skipped'
      )
        notRun.push(`${t.status}: ${t.fullName ?? t.title}`);
    }
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).length) {
      problems.push(
        `suite failed to run: ${path.basename(suite.name ?? '?')}: ${
          String(suite.message ?? '')
            .split('\n')
            .find(l => l.trim()) ?? ''
        }`.trim(),
      );
    }
  }
  if (
    notRun.length === 0 &&
    (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) > 0
  ) {
    notRun.push(
      `${report.numPendingTests + report.numTodoTests} pending or todo tests`,
    );
  }
  if (
    report.numRuntimeErrorTestSuites &&
    !problems.some(p => p.startsWith('suite failed'))
  ) {
    problems.push(`${report.numRuntimeErrorTestSuites} suites failed to run`);
  }
  if (report.wasInterrupted) problems.push('the run was interrupted');
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    notRun,
    problems,
    failedNames,
    total: report.numTotalTests ?? 0,
  };
}

/** The first non-empty line of a message, trimmed and without colour codes. */
function firstLine(text) {
  return (
    String(text ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find(l => l.trim())
      ?.trim() ?? ''
  );
}

/** Every test of a Playwright JSON report, with its final status and title. */
function* playwrightTests(suites, titles = []) {
  for (const suite of suites ?? []) {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const results = test.results ?? [];
        const last = results[results.length - 1];
        yield {
          title: [...here, spec.title].join(' › '),
          status: test.status,
          interrupted: results.some(r => r.status === 'interrupted'),
          lastStatus: last?.status,
          error: firstLine(last?.error?.message ?? last?.errors?.[0]?.message),
        };
      }
    }
    yield* playwrightTests(suite.suites, here);
  }
}

/** Counts of a Playwright `json` reporter report. */
function countPlaywright(report) {
  let passed = 0;
  let failed = 0;
  const notRun = [];
  const flaky = [];
  const failedNames = [];
  for (const t of playwrightTests(report.suites)) {
    if (t.status === 'expected') passed++;
    else if (t.status === 'flaky') {
      passed++;
      flaky.push(t.title);
    } else if (t.status === 'unexpected') {
      failed++;
      failedNames.push(`${t.title}: ${t.error}`);
    } else
      notRun.push(`${t.interrupted ? 'interrupted' : 'skipped'}: ${t.title}`);
  }
  const problems = (report.errors ?? []).map(
    e =>
      `runner error: ${String(e.message ?? e.value ?? JSON.stringify(e))
        .split('\n')
        .find(l => l.trim())
        ?.trim()}`,
  );
  return {
    passed,
    failed,
    notRun,
    problems,
    flaky,
    failedNames,
    total: passed + failed + notRun.length,
  };
}

/** Counts of a node:test TAP report (the summary's own tests). */
function countTap(text) {
  const field = name => {
    const m = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  const notRunCount = field('skipped') + field('todo') + field('cancelled');
  return {
    passed: field('pass'),
    failed: field('fail'),
    notRun: notRunCount ? [`${notRunCount} skipped, todo or cancelled`] : [],
    problems: /^# tests \d+$/m.test(text)
      ? []
      : ['the TAP report is incomplete'],
    total: field('tests'),
  };
}

/** Counts of a JUnit XML report (schemathesis: a test case per API operation). */
function countJunit(text) {
  const root = /<testsuites\b([^>]*)>/.exec(text);
  if (!root) throw new Error('no <testsuites> element');
  const attr = name =>
    Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root[1])?.[1]);
  const [tests, failures, errors, skippedCount] = [
    'tests',
    'failures',
    'errors',
    'skipped',
  ].map(attr);
  if ([tests, failures, errors].some(Number.isNaN)) {
    throw new Error('the <testsuites> counts are incomplete');
  }
  const notRun = skippedCount ? [`${skippedCount} skipped`] : [];
  return {
    passed: tests - failures - errors - (skippedCount || 0),
    failed: failures + errors,
    notRun,
    problems: [],
    total: tests,
  };
}

const COUNTERS = {
  jest: text => countJest(JSON.parse(text)),
  playwright: text => countPlaywright(JSON.parse(text)),
  'summary-tests': countTap,
  schemathesis: countJunit,
};

/**
 * The summary of one test run. `reports` maps a report file name to its text
 * (undefined when missing); `floors` maps a runner to its least test count.
 */
function summarize({ steps, reports, floors }) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines = [];
  const fail = (n, line) => {
    failed += n;
    lines.push(line);
  };

  for (const step of steps) {
    const runner = RUNNERS[step.name];
    const label = `${step.name} (${step.took})`;
    if (step.outcome === 'skip') {
      const count = Number(/^\d+/.exec(step.detail)?.[0] ?? 0);
      skipped += count;
      lines.push(
        `skip ${label}: ${count} tests not run${
          step.detail.replace(/^\d+\s*/, '')
            ? ` (${step.detail.replace(/^\d+\s*/, '')})`
            : ''
        }`,
      );
      continue;
    }
    if (!runner) {
      if (step.outcome === 'pass') {
        passed++;
        lines.push(`ok   ${label}`);
      } else fail(1, `FAIL ${label}`);
      continue;
    }
    const text = reports[runner.report];
    if (text === undefined || text.trim() === '') {
      fail(1, `FAIL ${label}: ${runner.runner} wrote no report (it crashed)`);
      continue;
    }
    let c;
    try {
      c = COUNTERS[runner.runner](text);
    } catch (e) {
      fail(
        1,
        `FAIL ${label}: ${runner.runner} report unreadable: ${e.message}`,
      );
      continue;
    }
    passed += c.passed;
    failed += c.failed;
    const problems = [...c.problems];
    if (c.notRun.length) {
      problems.push(
        `${c.notRun.length} tests did not run: ${c.notRun
          .slice(0, 5)
          .join('; ')}${c.notRun.length > 5 ? '; ...' : ''}`,
      );
    }
    const floor = floors[runner.runner];
    if (floor !== undefined && c.total < floor) {
      problems.push(
        `${c.total} tests found, fewer than the ${floor} declared in scripts/test-floors.json`,
      );
    }
    if (step.outcome === 'fail' && c.failed === 0 && problems.length === 0) {
      problems.push('the step exited non-zero without a failing test');
    }
    const ok = c.failed === 0 && problems.length === 0;
    lines.push(
      `${ok ? 'ok  ' : 'FAIL'} ${label}: ${runner.runner} ${c.passed} passed, ${
        c.failed
      } failed${
        c.flaky?.length
          ? `, ${c.flaky.length} flaky (${c.flaky.join('; ')})`
          : ''
      }`,
    );
    // Which tests failed, so that a CI log's tail names them (the first ten).
    for (const name of (c.failedNames ?? []).slice(0, 10))
      lines.push(`     failed: ${name}`);
    for (const p of problems) fail(1, `     ${p}`);
  }
  if (steps.length === 0) fail(1, 'FAIL no step ran');
  const closing = `${passed} passed, ${failed} failed${
    skipped ? `, ${skipped} skipped` : ''
  }`;
  return {
    lines,
    closing,
    passed,
    failed,
    skipped,
    exitCode: failed > 0 || passed === 0 ? 1 : 0,
  };
}

function readResults(dir) {
  const read = file => {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const reports = {};
  for (const { report } of Object.values(RUNNERS))
    reports[report] = read(report);
  return { steps: parseSteps(read('steps.txt')), reports };
}

function readFloors() {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, 'test-floors.json'), 'utf8'),
  );
}

if (require.main === module) {
  const summary = summarize({
    ...readResults(process.argv[2]),
    floors: readFloors(),
  });
  console.log(summary.lines.join('\n'));
  console.log(summary.closing);
  process.exit(summary.exitCode);
}

module.exports = { summarize, parseSteps, readFloors };
