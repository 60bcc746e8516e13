import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import {
  DB_MIGRATION,
  DOCKER_BUILD,
  expectNotReloaded,
  openUntil,
  markDocument,
  RUN_URL,
  SAMPLE_REPO,
  signIn,
  SLOW,
  step,
} from './helpers';

/**
 * The dev portal over the embedded local control plane (seed workflows from
 * packages/local-control-plane/manifests): workflow list, launch form, preview,
 * a live run, logs, edit and re-run, and a failing workflow; axe on each page.
 */

const SAMPLE_SERVICE = '/catalog/default/component/sample-service';
const DOCKER_STEPS = ['clone-step', 'build-step', 'push-step'];

test.describe('OpenChoreo workflows', () => {
  test('container build: form, validation, preview, live run, logs, edit and re-run', async ({
    page,
  }, testInfo) => {
    test.setTimeout(420_000);
    await signIn(page);

    // The list of workflows
    const workflowList = page.getByRole('table');
    const workflowLink = workflowList.getByRole('link', {
      name: DOCKER_BUILD.title,
    });
    await openUntil(page, '/openchoreo-workflows', workflowLink);
    await expect(
      workflowList.getByRole('link', { name: DB_MIGRATION.title }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'workflow list');

    // Workflow page: the form starts from the schema's defaults
    await workflowLink.click();
    await expect(page).toHaveURL(new RegExp(`${DOCKER_BUILD.path}$`));
    await expect(
      page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
    ).toBeVisible(SLOW);
    const url = page.getByRole('textbox', { name: /^Url/ });
    const branch = page.getByRole('textbox', { name: /^Branch/ });
    const dockerfile = page.getByRole('textbox', { name: /^File Path/ });
    await expect(branch).toHaveValue('main');
    await expect(dockerfile).toHaveValue('./Dockerfile');
    await expect(url).toHaveValue('');

    // A bad value: the required repository URL is empty; Launch shows why, next to the field
    const launch = page.getByRole('button', { name: 'Launch', exact: true });
    await launch.click();
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    // The FieldTemplate ties the message to its input (aria-describedby)
    const urlError = page.getByText("must have required property 'Url'");
    await expect(urlError).toBeVisible();
    await expect(url).toHaveAccessibleDescription(
      /must have required property 'Url'/,
    );
    await expect(page).toHaveURL(new RegExp(`${DOCKER_BUILD.path}$`));

    await url.fill(SAMPLE_REPO);

    // Preview: the defaulted parameters and the rendered Argo Workflow
    const preview = page.getByLabel(/^Run resource: Workflow .* as YAML$/);
    await expect(preview).toContainText('kind: Workflow', SLOW);
    await expect(preview).toContainText('namespace: openchoreo-ci-default');
    await expect(preview).toContainText(`value: ${SAMPLE_REPO}`);
    await expect(
      page.getByLabel('Parameters with defaults as YAML'),
    ).toContainText('filePath: ./Dockerfile');
    await expectNoSeriousA11yViolations(page, testInfo, 'workflow');

    // Launch: the new run's page, followed live until every step succeeded
    await launch.click();
    await expect(page).toHaveURL(RUN_URL, SLOW);
    const firstRun = page.url().split('/').pop()!;
    const header = page.getByRole('heading', { level: 2, name: firstRun });
    await expect(header).toBeVisible(SLOW);
    await markDocument(page);
    // The run takes a few seconds: the page opens on a run still going and
    // follows it from the backend's stream (the document is never reloaded).
    await expect(header.locator('..')).toContainText(/Pending|Running/);
    for (const name of DOCKER_STEPS) {
      await expect(step(page, name)).toContainText('Succeeded', SLOW);
    }
    await expect(header.locator('..')).toContainText('Succeeded');
    await expect(page.getByText('3/3 succeeded')).toBeVisible();
    await expectNotReloaded(page);
    await expectNoSeriousA11yViolations(page, testInfo, 'run');

    // A step's log
    await step(page, 'clone-step').click();
    await expect(
      page.getByRole('heading', { name: 'Logs of clone-step' }),
    ).toBeVisible();
    await expect(page.getByText(`cloning ${SAMPLE_REPO}@main`)).toBeVisible(
      SLOW,
    );

    // Edit and re-run with another branch
    await page.getByRole('button', { name: 'Edit and re-run' }).click();
    await expect(page).toHaveURL(
      /\/workflows\/default\/generic-workflow-docker-build\?from=/,
    );
    await expect(page.getByRole('note')).toContainText(
      'Form prefilled from',
      SLOW,
    );
    await expect(url).toHaveValue(SAMPLE_REPO);
    await expect(branch).toHaveValue('main');
    await branch.fill('release-1.2');
    await launch.click();
    await expect(page).toHaveURL(RUN_URL, SLOW);
    const secondRun = page.url().split('/').pop()!;
    expect(secondRun).not.toBe(firstRun);
    await expect(
      page.getByRole('heading', { level: 2, name: secondRun }),
    ).toBeVisible(SLOW);
    await expect(page.getByLabel('Parameters as YAML')).toContainText(
      'branch: release-1.2',
    );
    await expect(step(page, 'clone-step')).toContainText('Succeeded', SLOW);
    await step(page, 'clone-step').click();
    await expect(
      page.getByText(`cloning ${SAMPLE_REPO}@release-1.2`),
    ).toBeVisible(SLOW);

    // Both runs are in the history, newest first
    await page.getByRole('tab', { name: 'Run history' }).click();
    const history = page.getByRole('table');
    await expect(history.getByRole('link', { name: secondRun })).toBeVisible(
      SLOW,
    );
    await expect(history.getByRole('link', { name: firstRun })).toBeVisible();
  });

  test('failing workflow: the failed step and its message', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await signIn(page);
    await openUntil(
      page,
      DB_MIGRATION.path,
      page.getByRole('heading', { level: 2, name: DB_MIGRATION.title }),
    );
    await page
      .getByRole('textbox', { name: /^Database/ })
      .fill('postgres://orders-db:5432/orders');
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page).toHaveURL(RUN_URL, SLOW);
    const run = page.url().split('/').pop()!;
    const header = page.getByRole('heading', { level: 2, name: run });
    await expect(header).toBeVisible(SLOW);
    await markDocument(page);

    const failed = step(page, 'verify-schema');
    await expect(failed).toContainText('Failed', SLOW);
    await expect(failed).toContainText('schema verification failed');
    await expect(header.locator('..')).toContainText('Failed', SLOW);
    await expect(step(page, 'backup')).toContainText('Succeeded');
    // The run's own message (the step carries the cause)
    await expect(page.getByRole('main').getByRole('alert')).toContainText(
      'WorkflowFailed',
    );
    // The failed step's log ends with the error
    await failed.click();
    await expect(
      page.getByRole('heading', { name: 'Logs of verify-schema' }),
    ).toBeVisible();
    await expect(
      page.getByText(/error: schema verification failed/),
    ).toBeVisible(SLOW);
    await expectNotReloaded(page);
    await expectNoSeriousA11yViolations(page, testInfo, 'failed run');
  });

  test('entity tab and card: runs of the workflow a component references', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await signIn(page);
    const runsTab = page.getByRole('tab', { name: 'Workflow runs' });
    // The catalog reads examples/entities.yaml shortly after a cold start
    await openUntil(page, SAMPLE_SERVICE, runsTab);

    // Overview card: the latest runs of the referenced workflow
    await expect(
      page.getByRole('link', { name: 'Launch', exact: true }),
    ).toHaveAttribute('href', new RegExp(`${DOCKER_BUILD.path}$`));
    await expect(
      page
        .getByRole('table')
        .getByRole('link', { name: /^generic-workflow/ })
        .first(),
    ).toBeVisible(SLOW);
    await expectNoSeriousA11yViolations(page, testInfo, 'entity card');

    // The tab: every run, and a way to launch the workflow
    await runsTab.click();
    await expect(page).toHaveURL(
      new RegExp(`${SAMPLE_SERVICE}/workflow-runs$`),
    );
    await expect(
      page.getByText('Runs of generic-workflow-docker-build'),
    ).toBeVisible(SLOW);
    await expect(
      page.getByRole('link', { name: 'generic-workflow-run-docker-build-01' }),
    ).toBeVisible(SLOW);
    await expectNoSeriousA11yViolations(page, testInfo, 'entity tab');
    await page
      .getByRole('button', { name: 'Launch generic-workflow-docker-build' })
      .click();
    await expect(page).toHaveURL(new RegExp(`${DOCKER_BUILD.path}$`));
    await expect(
      page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
    ).toBeVisible(SLOW);
  });
});
