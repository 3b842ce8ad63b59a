/** axe-core in a Chromium page: the accessibility rules every page of Relais is checked against. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA, and axe's best practices. */
const WCAG_AND_BEST_PRACTICE = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * axe-core's violations on the page as it is now, each as "rule: help (elements)". `allRules`: every
 * rule axe has, not only the WCAG tags. axe is evaluated through the DevTools protocol, which the
 * page's CSP does not govern, so the page's own policy stays in force.
 */
export async function axeViolations(page: Page, options: { allRules?: boolean } = {}): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const { passes, violations } = await page.evaluate(
    async (tags) => {
      type Rule = { id: string; help: string; nodes: { target: string[] }[] };
      const axe = (globalThis as unknown as { axe: { run(context?: unknown, options?: unknown): Promise<{ passes: Rule[]; violations: Rule[] }> } }).axe;
      const results = tags ? await axe.run(document, { runOnly: { type: 'tag', values: tags } }) : await axe.run();
      return {
        passes: results.passes.length,
        violations: results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      };
    },
    options.allRules ? undefined : WCAG_AND_BEST_PRACTICE,
  );
  expect(passes, 'axe-core ran its rules').to.be.greaterThan(10);
  return violations;
}
