import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  DB_MIGRATION,
  DOCKER_BUILD,
  openUntil,
  RUN_URL,
  SAMPLE_REPO,
  signIn,
  SLOW,
  step,
} from './helpers';

/**
 * The README's screenshots (docs/screenshots/*.png). Only with
 * OCW_SCREENSHOTS=1 (playwright.config.ts leaves this file out otherwise), so
 * test runs never rewrite them:
 *   OCW_SCREENSHOTS=1 yarn playwright test screenshots
 */
test.use({ viewport: { width: 1440, height: 900 } });

const OUT = path.resolve(__dirname, '../../../docs/screenshots');

/**
 * Backstage scrolls its content inside the page, so `fullPage` adds nothing:
 * long pages are shot in a taller viewport instead. Snackbars (launch alerts,
 * notifications) are hidden so they do not cover the content.
 */
async function shoot(page: Page, name: string, height = 900) {
  await page.setViewportSize({ width: 1440, height });
  await page.waitForTimeout(1000);
  await page.screenshot({
    path: path.join(OUT, `${name}.png`),
    style:
      '[class*="notistack-SnackbarContainer"], [class*="MuiSnackbar-root"] { display: none !important; }',
  });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function launchFrom(page: Page) {
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(RUN_URL, SLOW);
  await expect(page.getByRole('listbox', { name: 'Steps' })).toBeVisible(SLOW);
}

/**
 * Compare: a second container build of another app path, picked with the
 * first one in the run history; both finished, so both steps' durations show.
 */
async function shootCompare(page: Page, firstBuild: string) {
  await openUntil(
    page,
    DOCKER_BUILD.path,
    page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
  );
  await page.getByRole('textbox', { name: /^Url/ }).fill(SAMPLE_REPO);
  await page
    .getByRole('textbox', { name: /^App Path/ })
    .fill('/service-go-reading-list');
  await launchFrom(page);
  const secondBuild = page.url().split('/').pop()!;
  await expect(step(page, 'push-step')).toContainText('Succeeded', SLOW);
  await page.getByRole('tab', { name: 'Run history' }).click();
  for (const run of [firstBuild, secondBuild]) {
    await page
      .getByRole('checkbox', { name: `Pick ${run}`, exact: true })
      .check(SLOW);
  }
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(
    page.getByRole('table', { name: 'Parameters that differ' }),
  ).toBeVisible(SLOW);
  await shoot(page, 'compare', 1300);
}

/**
 * Schedules: the container build every minute (after its first tick, with its
 * run listed) and the data pipeline on weekday nights in Paris; both removed
 * afterwards, so the portal stops launching.
 */
async function shootSchedules(page: Page) {
  const schedule = async (
    workflowPath: string,
    title: string,
    cron: string,
    zone: string,
  ) => {
    await openUntil(
      page,
      workflowPath,
      page.getByRole('heading', { level: 2, name: title }),
    );
    if (workflowPath === DOCKER_BUILD.path) {
      await page.getByRole('textbox', { name: /^Url/ }).fill(SAMPLE_REPO);
    }
    await page.getByRole('button', { name: 'Schedule…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Cron/ }).fill(cron);
    await dialog.getByRole('textbox', { name: 'Time zone' }).fill(zone);
    await dialog.getByRole('button', { name: 'Create schedule' }).click();
    await expect(dialog).toBeHidden();
  };
  await schedule(
    '/openchoreo-workflows/workflows/default/nightly-data-pipeline',
    'Nightly data pipeline',
    '0 2 * * 1-5',
    'Europe/Paris',
  );
  await schedule(DOCKER_BUILD.path, DOCKER_BUILD.title, '* * * * *', 'UTC');
  const every = page.getByRole('row').filter({ hasText: '* * * * * (UTC)' });
  await openUntil(
    page,
    '/openchoreo-workflows/schedules',
    every.filter({ hasText: 'launched' }),
    150_000,
  );
  await every.getByRole('button', { name: 'Runs' }).click();
  await expect(
    page.getByRole('link', { name: /^generic-workflow-docker-build-/ }).first(),
  ).toBeVisible(SLOW);
  await shoot(page, 'schedules', 1000);
  for (let left = 2; left > 0; left--) {
    await page.getByRole('button', { name: 'Delete' }).first().click();
    await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(
      left - 1,
    );
  }
}

test('screenshots of every page', async ({ page }) => {
  test.setTimeout(900_000);
  await signIn(page);

  // The list of workflows
  await openUntil(
    page,
    '/openchoreo-workflows',
    page.getByRole('table').getByRole('link', { name: DOCKER_BUILD.title }),
  );
  await shoot(page, 'workflows', 1000);

  // Workflow page: the form filled in, and the preview of what will run
  await openUntil(
    page,
    DOCKER_BUILD.path,
    page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
  );
  await page.getByRole('textbox', { name: /^Url/ }).fill(SAMPLE_REPO);
  await page
    .getByRole('textbox', { name: /^App Path/ })
    .fill('/service-go-greeter');
  await expect(
    page.getByLabel(/^Run resource: Workflow .* as YAML$/),
  ).toContainText(SAMPLE_REPO, SLOW);
  await expect(page.getByLabel('Updating preview')).toHaveCount(0);
  await shoot(page, 'workflow', 1500);

  // The cloud database's form: enums, nested objects, arrays, a map
  await openUntil(
    page,
    '/openchoreo-workflows/workflows/_cluster/cloud-database-provision',
    page.getByRole('heading', { level: 2, name: 'Provision a cloud database' }),
  );
  await expect(page.getByLabel('Updating preview')).toHaveCount(0, SLOW);
  await shoot(page, 'workflow-cloud-database', 1800);
  await openUntil(
    page,
    DOCKER_BUILD.path,
    page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
  );
  await page.getByRole('textbox', { name: /^Url/ }).fill(SAMPLE_REPO);

  // A validation message next to its field
  await page.getByRole('textbox', { name: /^Url/ }).fill('');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const urlError = page.getByText("must have required property 'Url'");
  await expect(urlError).toBeVisible();
  // The field and its message mid-picture (the form scrolls them to its top edge).
  await urlError.evaluate(e => e.scrollIntoView({ block: 'center' }));
  await shoot(page, 'workflow-validation', 1000);
  await page.getByRole('textbox', { name: /^Url/ }).fill(SAMPLE_REPO);

  // Run page of the container build: steps, logs
  await launchFrom(page);
  for (const name of ['clone-step', 'build-step', 'push-step']) {
    await expect(step(page, name)).toContainText('Succeeded', SLOW);
  }
  await step(page, 'build-step').click();
  await expect(page.getByText('successfully built')).toBeVisible(SLOW);
  await shoot(page, 'run', 1450);
  const firstBuild = page.url().split('/').pop()!;

  // A DAG run: parallel steps drawn as a graph
  await openUntil(
    page,
    '/openchoreo-workflows/workflows/default/nightly-data-pipeline',
    page.getByRole('heading', { level: 2, name: 'Nightly data pipeline' }),
  );
  await expect(page.getByLabel('Updating preview')).toHaveCount(0, SLOW);
  await launchFrom(page);
  await expect(page.getByText('Parallel steps')).toBeVisible(SLOW);
  await expect(step(page, 'publish-report')).toContainText('Succeeded', {
    timeout: 180_000,
  });
  await step(page, 'transform').click();
  await expect(page.getByText('transforming 128 records')).toBeVisible(SLOW);
  await shoot(page, 'run-graph', 1800);

  // A failed run: the failed step, its message and its log
  await openUntil(
    page,
    DB_MIGRATION.path,
    page.getByRole('heading', { level: 2, name: DB_MIGRATION.title }),
  );
  await page
    .getByRole('textbox', { name: /^Database/ })
    .fill('postgres://orders-db:5432/orders');
  await launchFrom(page);
  const failed = step(page, 'verify-schema');
  await expect(failed).toContainText('Failed', SLOW);
  await failed.click();
  await expect(page.getByText(/error: schema verification failed/)).toBeVisible(
    SLOW,
  );
  await shoot(page, 'run-failed', 1500);

  // Run history
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(
    page
      .getByRole('table')
      .getByRole('link', { name: /^database-migration-/ })
      .first(),
  ).toBeVisible(SLOW);
  await shoot(page, 'run-history', 1000);

  await shootCompare(page, firstBuild);
  await shootSchedules(page);

  // Entity tab on a component that references the container build
  await openUntil(
    page,
    '/catalog/default/component/sample-service/workflow-runs',
    page.getByText('Runs of generic-workflow-docker-build'),
  );
  await expect(
    page
      .getByRole('table')
      .getByRole('link', { name: /^generic-workflow/ })
      .first(),
  ).toBeVisible(SLOW);
  await shoot(page, 'entity-tab', 1000);

  // Entity overview with the recent-runs card
  await page.getByRole('tab', { name: 'Overview' }).click();
  const card = page.getByRole('heading', {
    level: 2,
    name: 'generic-workflow-docker-build',
  });
  await expect(card).toBeVisible(SLOW);
  await shoot(page, 'entity-card', 1500);
});
