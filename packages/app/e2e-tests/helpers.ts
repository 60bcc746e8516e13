import { expect, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The seed's v0.x container build and the ClusterWorkflow that always fails. */
export const DOCKER_BUILD = {
  title: 'Docker build (v0.x)',
  path: '/openchoreo-workflows/workflows/default/generic-workflow-docker-build',
};
export const DB_MIGRATION = {
  title: 'Database migration',
  path: '/openchoreo-workflows/workflows/_cluster/database-migration',
};
export const SAMPLE_REPO = 'https://github.com/openchoreo/sample-workloads';

/** The first visit compiles the app in the dev server; allow for two slow cores. */
export const SLOW = { timeout: 120_000 };

/** Signs in with the guest provider ("Enter" on the sign-in page). */
export async function signIn(page: Page) {
  // Retried: the backend may still be (re)starting when the page first loads.
  await expect(async () => {
    await page.goto('/');
    const enter = page.getByRole('button', { name: 'Enter' });
    await expect(enter).toBeVisible(SLOW);
    await enter.click();
    await expect(
      page.getByRole('heading', { name: 'Workflows', level: 1 }),
    ).toBeVisible({ timeout: 30_000 });
  }).toPass({ timeout: 240_000 });
}

/**
 * Client-side navigation (react-router listens to popstate): a full reload
 * would show the sign-in page again, as the guest session is not restored.
 */
export async function goInApp(page: Page, path: string) {
  await page.evaluate(to => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, path);
}

/**
 * Opens an in-app path until `ready` is visible: the first request after a
 * cold start (or a dev-server restart of the backend) may fail, and the
 * plugin's pages show the error rather than retrying by themselves.
 */
export async function openUntil(
  page: Page,
  path: string,
  ready: Locator,
  timeout = 180_000,
) {
  await expect(async () => {
    await goInApp(page, '/settings');
    await goInApp(page, path);
    await expect(ready).toBeVisible({ timeout: 20_000 });
  }).toPass({ timeout });
}

/** The run page of a run URL: `/openchoreo-workflows/runs/<namespace>/<name>`. */
export const RUN_URL = /\/openchoreo-workflows\/runs\/[^/]+\/[^/?]+$/;

/** The status (icon + text) next to the run's name in the run page header. */
export function runHeaderStatus(page: Page) {
  return page
    .getByRole('heading', { level: 2 })
    .locator('xpath=following-sibling::*[1]');
}

/** One step of the run page's timeline (a listbox option). */
export function step(page: Page, name: string) {
  return page
    .getByRole('listbox', { name: 'Steps' })
    .getByRole('option', { name: new RegExp(`^${name}\\b`) });
}

/** Marks the document so a later check can prove the page was never reloaded. */
export async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as any).__ocwNoReload = true;
  });
}

export async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as any).__ocwNoReload)).toBe(true);
}

/** The demo's DAG: five levels of 2 s steps in the dev portal. */
export const DATA_PIPELINE = {
  name: 'nightly-data-pipeline',
  title: 'Nightly data pipeline',
  path: '/openchoreo-workflows/workflows/default/nightly-data-pipeline',
};

/** Where the dev portal's local control plane writes its kubeconfig (app-config.yaml). */
const KUBECONFIG = resolve(__dirname, '../../../.local/kubeconfig');

/**
 * Creates a run of the data pipeline with kubectl, as someone outside the
 * portal would, whose steps last `stepSeconds` each (the local control plane's
 * step-seconds annotation): a run that is surely still running when a test
 * acts on it, however slow the machine. Returns its run page's path.
 */
export function createLongDataPipelineRun(name: string, stepSeconds: number) {
  const run = {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'WorkflowRun',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'local.openchoreo.dev/step-seconds': String(stepSeconds) },
    },
    // OpenChoreo's WorkflowRun defaults spec.workflow.kind to ClusterWorkflow.
    spec: {
      workflow: { kind: 'Workflow', name: DATA_PIPELINE.name, parameters: {} },
    },
  };
  execFileSync('kubectl', ['--kubeconfig', KUBECONFIG, 'create', '-f', '-'], {
    input: JSON.stringify(run),
  });
  return `/openchoreo-workflows/runs/default/${name}`;
}
export const RUN_HISTORY = '/openchoreo-workflows/runs';

/** A value no other test (or earlier run of the suite) uses. */
export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random()
    .toString(36)
    .slice(2, 6)}`;

/** Launches the container build from its form with `repoUrl`; returns the new run's name. */
export async function launchDockerBuild(page: Page, repoUrl: string) {
  await openUntil(
    page,
    DOCKER_BUILD.path,
    page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
  );
  await page.getByRole('textbox', { name: /^Url/ }).fill(repoUrl);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(RUN_URL, SLOW);
  return page.url().split('/').pop()!;
}
