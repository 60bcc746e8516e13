import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, TestInfo } from '@playwright/test';

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

/**
 * Violations that come from Backstage core, not from this plugin; each is
 * skipped only for the nodes it names.
 */
const KNOWN_CORE_ISSUES: Array<{
  id: string;
  why: string;
  node: (node: { target: unknown[]; failureSummary?: string }) => boolean;
}> = [
  {
    // @backstage/core-components Table (material-table): the sortable column
    // header's TableSortLabel (role=button) contains a focusable element.
    id: 'nested-interactive',
    why: 'Backstage core Table sortable headers',
    node: n => n.target.join(' ').includes('MuiTableSortLabel-root'),
  },
  {
    // @backstage/core-components HeaderTabs: an unselected tab's label is
    // #9f9f9f on white, 2.64:1.
    id: 'color-contrast',
    why: 'Backstage core HeaderTabs unselected tab',
    node: n => n.target.join(' ').includes('header-tab-'),
  },
  {
    // @backstage/theme light palette: text.secondary rgba(0,0,0,0.54) over
    // background.default #f5f5f5 blends to #717171, 4.47:1 (needs 4.5:1). Any
    // secondary text or outlined-field label placed on the page background
    // hits it (Backstage's own catalog filters too).
    id: 'color-contrast',
    why: 'Backstage light theme text.secondary on background.default',
    node: n =>
      /foreground color: #717171, background color: #f5f5f5/.test(
        n.failureSummary ?? '',
      ),
  },
];

/**
 * axe over the page's main content (the plugin's area: header, tabs, content;
 * the Backstage sidebar is outside `main`). Fails on serious or critical
 * violations; attaches the full result to the report.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  testInfo: TestInfo,
  label: string,
) {
  const results = await new AxeBuilder({ page })
    .include('main')
    // @backstage/core-components LogViewer: its line-number anchors have
    // role=row outside any grid (aria-required-children/-parent) and its
    // filter toggle is an icon button without a name (button-name).
    .exclude('[class*="BackstageLogViewer-root"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  await testInfo.attach(`axe-${label}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const serious = results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      ...v,
      nodes: v.nodes.filter(
        n => !KNOWN_CORE_ISSUES.some(k => k.id === v.id && k.node(n)),
      ),
    }))
    .filter(v => v.nodes.length > 0)
    .map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map(n => n.target.join(' ')),
      why: v.nodes[0]?.failureSummary,
    }));
  expect(serious, `axe on ${label}`).toEqual([]);
}
