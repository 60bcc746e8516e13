import AxeBuilder from '@axe-core/playwright';
import { expect, Page, TestInfo } from '@playwright/test';

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
 * Fails on every serious or critical finding (none is exempt), naming each
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
    nodes =>
      nodes.map(n => {
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
        return { ...n, components: [...new Set(components)].slice(0, 8) };
      }),
    candidates,
  );
  // Soft: the test goes on, so one run reports the findings of every page it checks.
  expect.soft(findings, `axe on ${label}`).toEqual([]);
}
