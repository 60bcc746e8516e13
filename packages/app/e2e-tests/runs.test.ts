import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import {
  createLongDataPipelineRun,
  DOCKER_BUILD,
  goInApp,
  launchDockerBuild,
  openUntil,
  RUN_HISTORY,
  RUN_URL,
  runHeaderStatus,
  signIn,
  SLOW,
  unique,
} from './helpers';

/**
 * Stopping a run, the run history's filters, and the launch form's YAML mode
 * with a field error only the server finds: each test makes its own runs.
 */

test.describe('OpenChoreo workflow runs', () => {
  test('stop: the confirmation dialog, then the run ends Failed (Stopped), kept in the history', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await signIn(page);
    // Steps of 10 minutes: a launch from the form runs for 10 s, which two
    // busy cores can spend before the dialog is confirmed (the run then ends
    // Succeeded, rightly).
    const run = unique('stop');
    await openUntil(
      page,
      createLongDataPipelineRun(run, 600),
      page.getByRole('heading', { level: 2, name: run }),
    );
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    await expect(stop).toBeVisible(SLOW);
    await expect(runHeaderStatus(page)).toContainText('Running', SLOW);

    // Cancel leaves it running.
    await stop.click();
    const dialog = page.getByRole('dialog', { name: `Stop run ${run}?` });
    await expect(dialog).toContainText('cannot be undone');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(stop).toBeVisible();

    await stop.click();
    await dialog.getByRole('button', { name: 'Stop run' }).click();
    await expect(dialog).toBeHidden();
    await expect(runHeaderStatus(page)).toContainText('Failed');
    await expect(page.getByText('(archived)')).toBeVisible();
    await expect(page.getByRole('main').getByRole('alert')).toContainText(
      'Stopped',
    );
    await expect(stop).toBeHidden();

    // The history keeps it, Failed.
    await goInApp(page, RUN_HISTORY);
    const row = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: run, exact: true }) });
    await expect(row).toContainText('Failed', SLOW);
  });

  test('history filters: status, launched by me, a parameter', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await signIn(page);
    const repo = `https://github.com/openchoreo/${unique('e2e-history')}`;
    const mine = await launchDockerBuild(page, repo);

    await goInApp(page, RUN_HISTORY);
    const table = page.getByRole('table');
    const link = (name: string) =>
      table.getByRole('link', { name, exact: true });
    await expect(link(mine)).toBeVisible(SLOW);
    await expect(link('generic-workflow-run-docker-build-01')).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'run history');

    // Status: only failed runs (the demo's database migration), not ours.
    await page.getByRole('checkbox', { name: 'Failed' }).check();
    await expect(link('database-migration-0042')).toBeVisible(SLOW);
    await expect(link(mine)).toBeHidden();
    await expect(link('generic-workflow-run-docker-build-01')).toBeHidden();
    for (const status of await table
      .getByRole('row')
      .filter({ has: page.getByRole('link') })
      .allInnerTexts()) {
      expect(status).toContain('Failed');
    }
    await page.getByRole('checkbox', { name: 'Failed' }).uncheck();

    // Launched by me: ours, not the demo's (nobody launched those here).
    await page
      .getByRole('combobox', { name: 'Launched by' })
      .selectOption('me');
    await expect(link(mine)).toBeVisible(SLOW);
    await expect(link('generic-workflow-run-docker-build-01')).toBeHidden();
    await page
      .getByRole('combobox', { name: 'Launched by' })
      .selectOption({ label: 'Anyone' });

    // A parameter's value: exactly our run.
    await page
      .getByRole('textbox', { name: 'Parameter' })
      .fill(`repository.url=${repo}`);
    await expect(link('generic-workflow-run-docker-build-01')).toBeHidden(SLOW);
    await expect(
      table.getByRole('row').filter({ has: page.getByRole('link') }),
    ).toHaveCount(1);
    await expect(link(mine)).toBeVisible();
  });

  test('YAML mode: a field error only the server finds shows next to its field; launch from YAML', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await signIn(page);
    await openUntil(
      page,
      DOCKER_BUILD.path,
      page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
    );
    await page.getByLabel('Edit as YAML').check();
    const yaml = page.getByRole('textbox', { name: 'Parameters (YAML)' });
    await expect(yaml).toHaveValue(/branch: main/);

    // YAML mode launches without the form's checks: the server finds the
    // missing URL and answers with a field error.
    await yaml.fill('repository:\n  revision:\n    branch: main\ndocker: {}\n');
    const refused = page.waitForResponse(
      r =>
        new URL(r.url()).pathname === '/api/openchoreo-workflows/runs' &&
        r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    expect((await refused).status()).toBe(400);
    await expect(
      page.getByRole('alert').filter({ hasText: /^repository\.url: / }),
    ).toBeVisible();
    // Back in the form, the message is the URL field's own.
    await page.getByLabel('Edit as YAML').uncheck();
    const url = page.getByRole('textbox', { name: /^Url/ });
    const error = page.locator('#root_repository_url__error');
    // The server's words ("is required"), not the form's ("must have required property").
    await expect(error).toHaveText('is required');
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    // Its description, then the error (aria-describedby).
    await expect(url).toHaveAccessibleDescription(
      'Git repository URL is required',
    );

    // Launch from YAML: the preview follows the YAML, and the run gets it.
    const branch = unique('yaml');
    await page.getByLabel('Edit as YAML').check();
    await yaml.fill(
      `repository:\n  url: https://github.com/openchoreo/yaml-mode\n  revision:\n    branch: ${branch}\ndocker: {}\n`,
    );
    await expect(
      page.getByLabel('Parameters with defaults as YAML'),
    ).toContainText(`branch: ${branch}`, SLOW);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page).toHaveURL(RUN_URL, SLOW);
    await expect(page.getByLabel('Parameters as YAML')).toContainText(
      `branch: ${branch}`,
      SLOW,
    );
  });
});
