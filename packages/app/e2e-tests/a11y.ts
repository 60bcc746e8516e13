import AxeBuilder from '@axe-core/playwright';
import { expect, Page, TestInfo } from '@playwright/test';

/**
 * Findings that come from a Backstage component, which this repository
 * cannot change: each one is one axe rule on one component, the component
 * given by the CSS selector of its root. A finding of another rule, or of the
 * same rule elsewhere on the page (our own code), still fails.
 */
const BACKSTAGE_COMPONENT_FINDINGS: Array<{
  rule: string;
  component: string;
  why: string;
}> = [
  {
    // @backstage/core-components Table (material-table): a sortable column
    // header's TableSortLabel (role=button) holds a focusable element.
    rule: 'nested-interactive',
    component: '[class*="BackstageTableHeader-header"]',
    why: 'Backstage Table sortable headers',
  },
  {
    // @backstage/core-components HeaderTabs: an unselected tab's label is
    // #9f9f9f on white, 2.64:1.
    rule: 'color-contrast',
    component: '[class*="BackstageHeaderTabs-tabRoot"]',
    why: 'Backstage HeaderTabs unselected tab',
  },
  // @backstage/plugin-catalog EntityLinksCard, empty (sample-service has no
  // links): its example YAML in a CodeSnippet has green strings at 3.97:1 and
  // a scrolling <pre> that cannot take focus.
  ...['color-contrast', 'scrollable-region-focusable'].map(rule => ({
    rule,
    component: '[class*="PluginCatalogEntityLinksEmptyState-code"]',
    why: 'Backstage EntityLinksCard empty state',
  })),
];

interface Finding {
  rule: string;
  impact: string;
  help: string;
  target: string;
  /** Class names of the element and its ancestors that name a component (Backstage*, Plugin*, Mui*). */
  components: string[];
  why?: string;
}

/**
 * axe (WCAG 2.1 A and AA) over the page's main content (the plugin's area;
 * the Backstage sidebar is outside `main`). Fails on serious or critical
 * findings other than the listed Backstage component ones, naming each
 * element and the components it sits in; attaches the full result.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  testInfo: TestInfo,
  label: string,
) {
  const results = await new AxeBuilder({ page })
    .include('main')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  await testInfo.attach(`axe-${label}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const candidates = results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .flatMap(v =>
      v.nodes.map(n => ({
        rule: v.id,
        impact: v.impact!,
        help: v.help,
        target: n.target.join(' '),
        why: n.failureSummary,
      })),
    );
  const findings: Finding[] = await page.evaluate(
    ({ nodes, known }) =>
      nodes
        .map(n => {
          const element = document.querySelector(n.target);
          // Backstage components and plugins first (they name the origin), then MUI.
          const classes: string[] = [];
          for (let e = element; e; e = e.parentElement) {
            classes.push(...Array.from(e.classList));
          }
          const named = (prefix: string) =>
            classes
              .filter(c => c.startsWith(prefix) && /-[a-zA-Z]/.test(c))
              .map(c => c.replace(/-\d+$/, ''));
          const components = [
            ...named('Backstage'),
            ...named('Plugin'),
            ...named('Mui'),
          ];
          const excused = known.some(
            k => k.rule === n.rule && element?.closest(k.component),
          );
          return excused
            ? undefined
            : { ...n, components: [...new Set(components)].slice(0, 8) };
        })
        .filter((f): f is NonNullable<typeof f> => f !== undefined),
    { nodes: candidates, known: BACKSTAGE_COMPONENT_FINDINGS },
  );
  // Soft: the test goes on, so one run reports the findings of every page it checks.
  expect.soft(findings, `axe on ${label}`).toEqual([]);
}
