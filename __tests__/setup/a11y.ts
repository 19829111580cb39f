import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** What axe found that a keyboard or screen-reader user would be blocked by: serious and critical violations. */
export interface SeriousViolation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe (WCAG 2.x A and AA rules and best practices) on the page as it is now; the serious and critical findings. */
export async function seriousA11yViolations(page: Page): Promise<SeriousViolation[]> {
  // @axe-core/playwright is typed against @playwright/test's Page; playwright-core's is the same object.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Fails with every serious or critical axe violation on the page, named by rule and element. */
export async function expectNoSeriousA11yViolations(page: Page, label = page.url()): Promise<void> {
  const found = await seriousA11yViolations(page);
  if (found.length > 0) throw new Error(`${label}: ${found.length} serious/critical a11y violations\n${JSON.stringify(found, null, 2)}`);
}
