// The closing line must not lie: run by scripts/test.sh with node's test runner.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { summarize, parseSteps } = require('./test-summary');

const floors = { jest: 3, playwright: 2, 'summary-tests': 1 };

const jestReport = (over = {}) =>
  JSON.stringify({
    numPassedTests: 3,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    numTotalTests: 3,
    numRuntimeErrorTestSuites: 0,
    numTotalTestSuites: 1,
    wasInterrupted: false,
    testResults: [
      {
        name: '/repo/a.test.ts',
        status: 'passed',
        assertionResults: ['a', 'b', 'c'].map(t => ({
          status: 'passed',
          title: t,
          fullName: t,
        })),
      },
    ],
    ...over,
  });

const pwTest = (title, status, resultStatus = 'passed') => ({
  title,
  ok: status !== 'unexpected',
  tests: [{ status, results: [{ status: resultStatus }] }],
});
const playwrightReport = ({ specs, errors = [] }) =>
  JSON.stringify({
    suites: [{ title: 'workflows.test.ts', specs, suites: [] }],
    errors,
    stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 },
  });
const tap = 'TAP version 13\n# tests 4\n# pass 4\n# fail 0\n# skipped 0\n';

const steps = text => parseSteps(text);
const allGreen = {
  steps: steps(
    'pass tsc 10s\npass lint 20s\npass unit 100s\npass e2e 60s\npass summary-tests 1s',
  ),
  reports: {
    'jest.json': jestReport(),
    'playwright.json': playwrightReport({
      specs: [pwTest('launch', 'expected'), pwTest('stop', 'expected')],
    }),
    'summary-tests.tap': tap,
  },
  floors,
};

test('a clean run passes and counts every check and test', () => {
  const s = summarize(allGreen);
  assert.equal(s.closing, '11 passed, 0 failed');
  assert.equal(s.exitCode, 0);
});

test("the browser tests' web server failing to start fails the run", () => {
  // What Playwright 1.64 writes then: no tests, stats 0/0/0, the failure only in `errors`.
  const s = summarize({
    ...allGreen,
    steps: steps('pass tsc 1s\npass lint 1s\npass unit 1s\nfail e2e 300s'),
    reports: {
      ...allGreen.reports,
      'playwright.json': playwrightReport({
        specs: [],
        errors: [
          {
            message:
              'Error: Timed out waiting 300000ms from config.webServer.\n   at ...',
          },
        ],
      }),
    },
  });
  assert.equal(s.exitCode, 1);
  assert.match(s.closing, /^5 passed, 2 failed$/);
  assert.ok(
    s.lines.some(l => /runner error: Error: Timed out waiting/.test(l)),
  );
  assert.ok(
    s.lines.some(l => /0 tests found, fewer than the 2 declared/.test(l)),
  );
});

test('a failing step fails the run and is named', () => {
  const s = summarize({
    ...allGreen,
    steps: steps(
      'fail tsc 10s\npass lint 20s\npass unit 100s\npass e2e 60s\npass summary-tests 1s',
    ),
  });
  assert.equal(s.exitCode, 1);
  assert.equal(s.closing, '10 passed, 1 failed');
  assert.ok(s.lines.includes('FAIL tsc (10s)'));
});

test('the failing Jest and Playwright tests are named with their first error line', () => {
  const s = summarize({
    ...allGreen,
    steps: steps(
      'pass tsc 10s\npass lint 20s\nfail unit 100s\nfail e2e 60s\npass summary-tests 1s',
    ),
    reports: {
      ...allGreen.reports,
      'jest.json': jestReport({
        numPassedTests: 2,
        numFailedTests: 1,
        testResults: [
          {
            name: '/repo/src/history.test.ts',
            status: 'failed',
            assertionResults: [
              { status: 'passed', title: 'a', fullName: 'a' },
              { status: 'passed', title: 'b', fullName: 'b' },
              {
                status: 'failed',
                title: 'pages',
                fullName: 'history pages',
                failureMessages: [
                  '\u001b[31mError: expected 2\u001b[39m\n    at x',
                ],
              },
            ],
          },
        ],
      }),
      'playwright.json': playwrightReport({
        specs: [
          pwTest('launch', 'expected'),
          {
            title: 'stop',
            ok: false,
            tests: [
              {
                status: 'unexpected',
                results: [
                  {
                    status: 'failed',
                    error: { message: '\nTimeout 5000ms exceeded.\nmore' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    },
  });
  assert.equal(s.exitCode, 1);
  assert.ok(
    s.lines.includes(
      '     failed: history.test.ts › history pages: Error: expected 2',
    ),
    s.lines.join('\n'),
  );
  assert.ok(
    s.lines.includes(
      '     failed: workflows.test.ts › stop: Timeout 5000ms exceeded.',
    ),
    s.lines.join('\n'),
  );
});

test('interrupted and skipped browser tests are failures, not passes', () => {
  const s = summarize({
    ...allGreen,
    reports: {
      ...allGreen.reports,
      'playwright.json': playwrightReport({
        specs: [
          pwTest('launch', 'expected'),
          pwTest('stop', 'skipped', 'interrupted'),
          pwTest('later', 'skipped', 'skipped'),
        ],
      }),
    },
  });
  assert.equal(s.exitCode, 1);
  assert.ok(
    s.lines.some(l =>
      /2 tests did not run: interrupted: workflows.test.ts › stop; skipped: workflows.test.ts › later/.test(
        l,
      ),
    ),
  );
});

test('a Jest suite that fails to run, a pending test or an interruption fails', () => {
  for (const over of [
    {
      numRuntimeErrorTestSuites: 1,
      testResults: [
        {
          name: '/repo/b.test.ts',
          status: 'failed',
          message: 'Cannot find module x',
          assertionResults: [],
        },
      ],
    },
    { numPendingTests: 1 },
    { wasInterrupted: true },
  ]) {
    const s = summarize({
      ...allGreen,
      reports: { ...allGreen.reports, 'jest.json': jestReport(over) },
    });
    assert.equal(s.exitCode, 1, JSON.stringify(over));
  }
});

test('fewer tests than the declared floor fails', () => {
  const s = summarize({
    ...allGreen,
    reports: {
      ...allGreen.reports,
      'jest.json': jestReport({ numPassedTests: 2, numTotalTests: 2 }),
    },
  });
  assert.equal(s.exitCode, 1);
  assert.ok(
    s.lines.some(l => /2 tests found, fewer than the 3 declared/.test(l)),
  );
});

test('a missing report or a step that failed without a failing test fails', () => {
  const missing = summarize({
    ...allGreen,
    reports: { ...allGreen.reports, 'jest.json': undefined },
  });
  assert.equal(missing.exitCode, 1);
  assert.ok(missing.lines.some(l => /jest wrote no report/.test(l)));

  const exited = summarize({
    ...allGreen,
    steps: steps(
      'pass tsc 1s\npass lint 1s\nfail unit 1s\npass e2e 1s\npass summary-tests 1s',
    ),
  });
  assert.equal(exited.exitCode, 1);
  assert.ok(
    exited.lines.some(l => /exited non-zero without a failing test/.test(l)),
  );
});

const junit = ({ tests = 14, failures = 0, errors = 0, skipped = 0 } = {}) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<testsuites errors="${errors}" failures="${failures}" skipped="${skipped}" tests="${tests}" time="1.0">\n</testsuites>\n`;

test('schemathesis: its JUnit report counts one test per API operation, failures and errors fail', () => {
  const run = report =>
    summarize({
      steps: steps('pass schemathesis 50s'),
      reports: { 'schemathesis.xml': report },
      floors: { schemathesis: 14 },
    });
  assert.equal(run(junit()).closing, '14 passed, 0 failed');
  const failing = run(junit({ failures: 1, errors: 1 }));
  assert.equal(failing.closing, '12 passed, 2 failed');
  assert.equal(failing.exitCode, 1);
  const skipped = run(junit({ skipped: 1 }));
  assert.equal(skipped.exitCode, 1);
  assert.ok(skipped.lines.some(l => /1 tests did not run/.test(l)));
  assert.ok(
    run(junit({ tests: 10 })).lines.some(l =>
      /10 tests found, fewer than the 14 declared/.test(l),
    ),
  );
});

test('schemathesis: no report (the API server did not start) or a broken one fails', () => {
  const run = report =>
    summarize({
      steps: steps('fail schemathesis 5s'),
      reports: { 'schemathesis.xml': report },
      floors: {},
    });
  assert.ok(
    run(undefined).lines.some(l => /schemathesis wrote no report/.test(l)),
  );
  assert.ok(run('<html/>').lines.some(l => /report unreadable/.test(l)));
  assert.equal(run('<html/>').exitCode, 1);
});

test('skipping the browser tests on purpose is printed as skipped with the count', () => {
  const s = summarize({
    ...allGreen,
    steps: steps(
      'pass tsc 1s\npass lint 1s\npass unit 1s\nskip e2e 0s 7 OCW_SKIP_E2E=1\npass summary-tests 1s',
    ),
  });
  assert.equal(s.closing, '9 passed, 0 failed, 7 skipped');
  assert.equal(s.exitCode, 0);
  assert.ok(
    s.lines.includes('skip e2e (0s): 7 tests not run (OCW_SKIP_E2E=1)'),
  );
});

test('the command prints the closing line last and exits non-zero on failure', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-summary-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'steps.txt'),
      'pass tsc 1s\nfail lint 2s\n',
    );
    const r = spawnSync(
      process.execPath,
      [path.join(__dirname, 'test-summary.js'), dir],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 1);
    assert.equal(r.stdout.trim().split('\n').pop(), '1 passed, 1 failed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
