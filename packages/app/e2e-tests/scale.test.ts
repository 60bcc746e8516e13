import { expect, Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { openUntil, signIn, SLOW, unique } from './helpers';
import { removeScaleObjects, SCALE, seedScaleObjects } from './scaleSeed';

/**
 * The frontend at scale (issue 13): 1,000 workflows filter, a 300-step DAG
 * renders and a 100,000-line step log scrolls and searches, each read from
 * the pages' own User Timing measures. The goals are the issue's; the
 * assertions allow three times as much for a loaded two-core machine, and
 * every figure is printed (`scale:` lines) for BENCHMARKS.md.
 */
const MARGIN = 3;
/** Which React build the figures are of (playwright.config.ts, OCW_E2E_APP). */
const APP_BUILD =
  process.env.OCW_E2E_APP === 'production' ? 'production' : 'development';
/**
 * `listRender`: from new filters to the filtered table painted, what a user
 * waits for (`filter`, the filtering alone, is part of it).
 */
const GOAL_MS = {
  filter: 100,
  listRender: 100,
  graph: 1000,
  logSearch: 100,
  logScroll: 100,
};

const measures = (page: Page, name: string) =>
  page.evaluate(
    n => performance.getEntriesByName(n, 'measure').map(e => e.duration),
    name,
  );
const clearMeasures = (page: Page, name: string) =>
  page.evaluate(n => performance.clearMeasures(n), name);

/**
 * Prints every value and asserts their median: on a machine shared by other
 * jobs one sample can be a pause of the whole process, not of the page.
 */
const report = (what: string, values: number[], goal: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  // eslint-disable-next-line no-console
  console.log(
    `scale: ${what}: ${values.map(ms).join(', ')} (median ${ms(
      median,
    )}, max ${ms(
      sorted[sorted.length - 1],
    )}, goal ${goal} ms, asserted median <= ${goal * MARGIN} ms)`,
  );
  expect(values.length, what).toBeGreaterThan(0);
  expect(median, what).toBeLessThanOrEqual(goal * MARGIN);
};

test.describe('OpenChoreo workflows at scale', () => {
  let runs: ReturnType<typeof seedScaleObjects>;

  test.beforeAll(() => {
    test.setTimeout(420_000);
    removeScaleObjects();
    runs = seedScaleObjects(unique('e2e').toLowerCase());
    // eslint-disable-next-line no-console
    console.log(
      `scale: seeded ${SCALE.workflows} workflows in ${
        runs.workflowsSeconds
      } s; a ${SCALE.waves * SCALE.perWave}-step run and a ${
        SCALE.logLines
      }-line run finished in ${runs.runsSeconds} s`,
    );
  });
  test.afterAll(() => removeScaleObjects());

  test('1,000 workflows filter within the goal', async ({ page }) => {
    test.setTimeout(300_000);
    await signIn(page);
    const title = page.getByRole('heading', {
      name: /^Workflows \(\d+ of \d+\)$/,
    });
    await openUntil(page, '/openchoreo-workflows', title);
    await expect(title).toHaveText(/ of (1\d{3})\)$/, SLOW);
    const search = page.getByLabel('Search', { exact: true });
    const durations: number[] = [];
    const renders: number[] = [];
    const queries = [
      ['scale workflow 0042', /^Workflows \(1 of/],
      ['scale workflow 00', /^Workflows \(100 of/],
      ['no such workflow', /^Workflows \(0 of/],
      ['', /^Workflows \((\d+) of \1\)/],
    ] as const;
    for (const [query, expected] of [...queries, ...queries]) {
      await clearMeasures(page, 'ocw:workflow-filter');
      await clearMeasures(page, 'ocw:workflow-list-render');
      await search.fill(query);
      await expect(title).toHaveText(expected);
      await expect
        .poll(() => measures(page, 'ocw:workflow-list-render'))
        .not.toEqual([]);
      durations.push(...(await measures(page, 'ocw:workflow-filter')));
      renders.push(...(await measures(page, 'ocw:workflow-list-render')));
    }
    report('filter 1,000 workflows', durations, GOAL_MS.filter);
    report(
      `filter 1,000 workflows and paint the table (${APP_BUILD} build)`,
      renders,
      GOAL_MS.listRender,
    );
  });

  test('a 300-step DAG renders all its steps within the goal', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await signIn(page);
    const graph = page.getByRole('img', { name: /Graph of the run's steps/ });
    await openUntil(
      page,
      `/openchoreo-workflows/runs/default/${runs.dagRun}`,
      graph,
    );
    // 300 steps (rectangles), and a join (circle) between two waves of several.
    await expect(graph.locator('[data-testid="node"] rect')).toHaveCount(
      SCALE.waves * SCALE.perWave,
      SLOW,
    );
    await expect
      .poll(() => measures(page, 'ocw:steps-graph'), SLOW)
      .not.toEqual([]);
    const first = await measures(page, 'ocw:steps-graph');
    // Opened again (the page's code loaded and warm): more samples for the median.
    const again: number[] = [];
    for (let i = 0; i < 4; i++) {
      await clearMeasures(page, 'ocw:steps-graph');
      await openUntil(
        page,
        `/openchoreo-workflows/runs/default/${runs.dagRun}`,
        graph,
      );
      await expect
        .poll(() => measures(page, 'ocw:steps-graph'), SLOW)
        .not.toEqual([]);
      again.push(...(await measures(page, 'ocw:steps-graph')));
    }
    // eslint-disable-next-line no-console
    console.log(
      `scale: 300-step graph, first opening: ${first[0].toFixed(1)} ms`,
    );
    report('300-step graph', again, GOAL_MS.graph);
    await expectNoSeriousA11yViolations(
      page,
      testInfo,
      'run with a 300-step graph',
    );
  });

  test('a 100,000-line log scrolls and searches within the goal', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await signIn(page);
    await openUntil(
      page,
      `/openchoreo-workflows/runs/default/${runs.logRun}`,
      page.getByRole('heading', { name: `Logs of ${SCALE.logStep}` }),
    );
    const log = page.getByRole('region', { name: `Log of ${SCALE.logStep}` });
    await expect(page.getByText(/^100\d{3} lines$/)).toBeVisible(SLOW);
    expect(await log.locator('[data-line]').count()).toBeLessThan(100);

    await clearMeasures(page, 'ocw:log-search');
    await page.getByLabel('Search the log').fill(SCALE.needle.toLowerCase());
    await expect(page.getByText('1 of 100 matching lines')).toBeVisible();
    await page.getByRole('button', { name: 'Next match' }).click();
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect(page.getByText('3 of 100 matching lines')).toBeVisible();
    await expect(
      log
        .locator('[data-line]', { hasText: `entry 3000 ${SCALE.needle}` })
        .locator('mark'),
    ).toHaveText(SCALE.needle);
    report(
      'search 100,000 lines',
      await measures(page, 'ocw:log-search'),
      GOAL_MS.logSearch,
    );

    // Jumps across the log: time until the rows of the new position are on screen.
    const jumps = await log.evaluate(async region => {
      const times: number[] = [];
      for (const fraction of [0.25, 0.5, 0.75, 1, 0]) {
        const top = fraction * (region.scrollHeight - region.clientHeight);
        const line = Math.floor(top / 20) + 2;
        const start = performance.now();
        region.scrollTop = top;
        await new Promise<void>(done => {
          const check = () =>
            region.querySelector(`[data-line="${line}"]`)
              ? done()
              : requestAnimationFrame(check);
          check();
        });
        times.push(performance.now() - start);
      }
      return times;
    });
    report('scroll 100,000 lines', jumps, GOAL_MS.logScroll);
    expect(await log.locator('[data-line]').count()).toBeLessThan(100);
    await expectNoSeriousA11yViolations(
      page,
      testInfo,
      'run with a 100,000-line log',
    );
  });
});
