import AxeBuilder from '@axe-core/playwright';
import { expect, Page, TestInfo } from '@playwright/test';

/**
 * TEMPORARY, to be deleted with the LogViewer: the run page still shows
 * step logs in @backstage/core-components' LogViewer, whose line-number
 * anchors have role=row outside any grid and whose filter toggle is an icon
 * button without a name. The virtualized log view that replaces it removes
 * this list and the exemption below. Nothing else is exempt.
 */
const BACKSTAGE_COMPONENT_FINDINGS: Array<{
  rule: string;
  component: string;
  why: string;
}> = ['aria-required-children', 'aria-required-parent', 'button-name'].map(
  rule => ({
    rule,
    component: '[class*="BackstageLogViewer-root"]',
    why: 'Backstage LogViewer',
  }),
);

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
 * axe (WCAG 2.1 A and AA) over the whole page, the app's sidebar included.
 * Fails on serious or critical findings (but the LogViewer's, above), naming each
 * element and the components it sits in; attaches the full result.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  testInfo: TestInfo,
  label: string,
) {
  const results = await new AxeBuilder({ page })
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
