// Prints what scripts/test.sh did and its closing line "N passed, N failed",
// counting every Jest and Playwright test plus the tsc and lint checks.
// Exits non-zero when anything failed.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const read = file => {
  try {
    return fs.readFileSync(path.join(dir, file), 'utf8');
  } catch {
    return undefined;
  }
};

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

for (const line of (read('steps.txt') ?? '')
  .trim()
  .split('\n')
  .filter(Boolean)) {
  const [outcome, name, took] = line.split(' ');
  lines.push(`${outcome === 'pass' ? 'ok  ' : 'FAIL'} ${name} (${took})`);
  if (name === 'tsc' || name === 'lint') {
    if (outcome === 'pass') passed++;
    else failed++;
  }
}

const jest = read('jest.json');
if (jest) {
  const r = JSON.parse(jest);
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += r.numPendingTests + r.numTodoTests;
  lines.push(
    `jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${r.numTotalTestSuites} suites` +
      (r.numRuntimeErrorTestSuites
        ? `, ${r.numRuntimeErrorTestSuites} suites failed to run`
        : ''),
  );
} else if ((read('steps.txt') ?? '').includes(' unit ')) {
  failed++;
  lines.push('jest: no results (the test run crashed)');
}

const e2e = read('playwright.json');
if (e2e) {
  const s = JSON.parse(e2e).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
  skipped += s.skipped;
  lines.push(
    `playwright: ${s.expected} passed, ${s.unexpected} failed, ${
      s.flaky ?? 0
    } flaky`,
  );
} else if ((read('steps.txt') ?? '').includes(' e2e ')) {
  failed++;
  lines.push('playwright: no results (the browser tests crashed)');
}

console.log(lines.join('\n'));
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
