import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import {
  goInApp,
  launchDockerBuild,
  RUN_HISTORY,
  signIn,
  SLOW,
  unique,
} from './helpers';

/**
 * Comparing two runs: launched with different repositories, picked in the
 * run history, compared side by side; only the parameter that differs is listed.
 */
test.describe('OpenChoreo run comparison', () => {
  test('pick two runs in the history, Compare: only the differing parameter is listed', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await signIn(page);
    const repoA = `https://github.com/openchoreo/${unique('e2e-compare-a')}`;
    const repoB = `https://github.com/openchoreo/${unique('e2e-compare-b')}`;
    const runA = await launchDockerBuild(page, repoA);
    const runB = await launchDockerBuild(page, repoB);

    await goInApp(page, RUN_HISTORY);
    const table = page.getByRole('table');
    await expect(
      table.getByRole('link', { name: runA, exact: true }),
    ).toBeVisible(SLOW);
    const compare = page.getByRole('button', { name: 'Compare' });
    await expect(compare).toBeDisabled();
    await page
      .getByRole('checkbox', { name: `Pick ${runA}`, exact: true })
      .check();
    await page
      .getByRole('checkbox', { name: `Pick ${runB}`, exact: true })
      .check();
    await expect(page.getByText(`${runA} and ${runB} picked`)).toBeVisible();
    await compare.click();

    await expect(page).toHaveURL(/\/openchoreo-workflows\/compare\?/);
    const params = page.getByRole('table', { name: 'Parameters that differ' });
    await expect(params).toBeVisible(SLOW);
    const rows = params.getByRole('row');
    // The header, then exactly one parameter: the repository's URL.
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1).getByRole('rowheader')).toHaveText(
      '/repository/url',
    );
    await expect(rows.nth(1)).toContainText(repoA);
    await expect(rows.nth(1)).toContainText(repoB);
    await expect(page.getByText(`Run A: ${runA}`)).toBeVisible();
    await expect(page.getByText(`Run B: ${runB}`)).toBeVisible();
    // Steps so far (the runs may still be running): the table is there.
    await expect(page.getByRole('table', { name: 'Steps' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'compare');
  });
});
