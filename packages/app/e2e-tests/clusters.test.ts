import { expect, Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { Replica } from './backends';
import {
  DOCKER_BUILD,
  goInApp,
  openUntil,
  RUN_HISTORY,
  signIn,
  SLOW,
  unique,
} from './helpers';

const MINUTE = 60_000;
const B = 'local-b';
const PORTAL_BACKEND = 'http://localhost:7007';

/**
 * A backend with two clusters: a replica of the dev portal's backend (same
 * database) whose clusters are the portal's local control plane, `local`
 * (the default), and one more embedded local control plane of its own,
 * `local-b`, with the demo workflows. Its kubeconfig goes to a file of its
 * own, not the portal's .local/kubeconfig.
 */
function startTwoClusterBackend() {
  return Replica.start({
    APP_CONFIG_openchoreoWorkflows_localControlPlane_enabled: 'true',
    APP_CONFIG_openchoreoWorkflows_localControlPlane_clusters: JSON.stringify([
      B,
    ]),
    APP_CONFIG_openchoreoWorkflows_localControlPlane_kubeconfigOut:
      '../../.local/kubeconfig-e2e-local-b',
  });
}

/**
 * The app's requests to its backend (:7007) go to `base` instead: the same
 * app, served by the dev server, on the two-cluster backend. The browser
 * still sees :7007 (so CORS and the app's configuration are unchanged);
 * streams pass through as they come.
 */
async function useBackend(page: Page, base: string) {
  await page.route(`${PORTAL_BACKEND}/**`, route =>
    route.continue({
      url: base + route.request().url().slice(PORTAL_BACKEND.length),
    }),
  );
}

/** The run history of one cluster, filtered on one repository URL. */
const historyOf = (cluster: string, repoUrl: string) =>
  `${RUN_HISTORY}?${new URLSearchParams({
    cluster,
    param: `repository.url=${repoUrl}`,
  })}`;

/**
 * Two clusters in the UI: the workflow list shows both with a Cluster column
 * and filter; launching cluster `local-b`'s container build opens a run page
 * that names the cluster and carries `?cluster=local-b`; its history in
 * `local-b` lists the run and `local`'s does not; axe on every page.
 */
test.describe('OpenChoreo with two clusters', () => {
  test('list, filter, launch on the second cluster, and its history', async ({
    page,
  }, testInfo) => {
    test.setTimeout(10 * MINUTE);
    const backend = await startTwoClusterBackend();
    try {
      await backend.ready(5 * MINUTE);
      const { items } = await backend.api.get<{ items: { name: string }[] }>(
        '/clusters',
      );
      expect(items.map(c => c.name)).toEqual(['local', B]);
      await useBackend(page, backend.api.base);
      await signIn(page);

      // The workflow list: both clusters, a Cluster column, a Cluster filter.
      const table = page.getByRole('table');
      const cell = (text: string) =>
        table.getByRole('cell', { name: text, exact: true });
      await openUntil(page, '/openchoreo-workflows', cell(B).first());
      await expect(
        table.getByRole('columnheader', { name: 'Cluster' }),
      ).toBeVisible();
      await expect(cell('local').first()).toBeVisible();
      await expectNoSeriousA11yViolations(page, testInfo, 'workflows-both');
      await page.getByRole('combobox', { name: 'Cluster' }).selectOption(B);
      await expect(page).toHaveURL(/[?&]cluster=local-b(&|$)/);
      await expect(cell('local')).toHaveCount(0);
      await expect(cell(B).first()).toBeVisible();
      await expectNoSeriousA11yViolations(page, testInfo, 'workflows-b');

      // Launch local-b's container build: its run page names the cluster.
      await openUntil(
        page,
        `${DOCKER_BUILD.path}?cluster=${B}`,
        page.getByRole('heading', { level: 2, name: DOCKER_BUILD.title }),
      );
      await expect(page.getByRole('combobox', { name: 'Cluster' })).toHaveValue(
        B,
      );
      await expectNoSeriousA11yViolations(page, testInfo, 'workflow-b');
      const repoUrl = `https://github.com/openchoreo/${unique('e2e-clusters')}`;
      await page.getByRole('textbox', { name: /^Url/ }).fill(repoUrl);
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await expect(page).toHaveURL(
        /\/openchoreo-workflows\/runs\/default\/[^/?]+\?cluster=local-b$/,
        SLOW,
      );
      const run = new URL(page.url()).pathname.split('/').pop()!;
      await expect(page.getByText(`Cluster ${B}`, { exact: true })).toBeVisible(
        SLOW,
      );
      await expectNoSeriousA11yViolations(page, testInfo, 'run-b');

      // The run is in local-b's history, and not in local's.
      await goInApp(page, historyOf(B, repoUrl));
      const link = page
        .getByRole('table')
        .getByRole('link', { name: run, exact: true });
      await expect(link).toBeVisible(SLOW);
      await expect(link).toHaveAttribute(
        'href',
        new RegExp(`/runs/default/${run}\\?cluster=local-b$`),
      );
      await expectNoSeriousA11yViolations(page, testInfo, 'history-b');
      await goInApp(page, historyOf('local', repoUrl));
      await expect(page.getByText('No runs', { exact: true })).toBeVisible(
        SLOW,
      );
      await expect(link).toHaveCount(0);
      await expectNoSeriousA11yViolations(page, testInfo, 'history-local');
    } finally {
      await backend.stop();
      await testInfo.attach('two-cluster-backend.log', {
        body: backend.output.join('\n'),
        contentType: 'text/plain',
      });
    }
  });
});
