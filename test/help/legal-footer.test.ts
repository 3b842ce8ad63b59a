/** The legal pages' footer in real headless Chromium: in the chat widget, in its language, with
 * links that open each page; axe-core finds no violation on the widget with its footer nor on the
 * pages themselves (which hold no script, under their own CSP). */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { ROOT, useTestHub } from '../helpers/hub.js';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page (WCAG 2.1 A/AA and best practices), each as "rule: first element". */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const { passes, violations } = await page.evaluate(async () => {
    type Rule = { id: string; nodes: { target: string[] }[] };
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ passes: Rule[]; violations: Rule[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return { passes: results.passes.length, violations: results.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`) };
  });
  expect(passes, 'axe-core ran its rules').to.be.greaterThan(10);
  return violations;
}

describe('legal footer in Chromium', function () {
  this.timeout(60_000);
  const running = useTestHub();
  let browser: LaunchedBrowser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(() => {
    expect(problems, 'console errors (a CSP refusal would be one)').to.deep.equal([]);
  });

  /** The widget's footer links once its strings are applied, as [text, href]. */
  async function footer(): Promise<[string, string][]> {
    const nav = page.getByRole('navigation', { name: /./ }).filter({ has: page.locator('a.legal-link') });
    await page.locator('a.legal-link[href*="?lang="]').first().waitFor();
    const links = nav.locator('a');
    return Promise.all((await links.all()).map(async (a) => [await a.innerText(), (await a.getAttribute('href'))!] as [string, string]));
  }

  it('shows the three links under the chat, in French, then in English, and passes axe-core', async () => {
    await page.goto(`${running.hub.url}/`);
    await page.locator('#messages .msg').first().waitFor();
    expect(await footer()).to.deep.equal([
      ['Mentions légales', '/mentions-legales?lang=fr'],
      ['Données personnelles', '/donnees-personnelles?lang=fr'],
      ['Accessibilité : non conforme', '/accessibilite?lang=fr'],
    ]);
    expect(await page.getByRole('contentinfo').getByRole('navigation').getAttribute('aria-label')).to.equal('Informations légales');
    expect(await axeViolations(page)).to.deep.equal([]);

    await page.goto(`${running.hub.url}/?lang=en`);
    await page.locator('a.legal-link[href$="lang=en"]').first().waitFor();
    expect((await footer()).map(([text]) => text)).to.deep.equal(['Legal notice', 'Personal data', 'Accessibility: not compliant']);
  });

  it('passes axe-core with the footer in Arabic, right to left', async () => {
    await page.goto(`${running.hub.url}/?lang=ar`);
    await page.locator('a.legal-link[href$="lang=ar"]').first().waitFor();
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect((await footer())[0]![0]).to.equal('الإشعار القانوني');
    expect(await axeViolations(page)).to.deep.equal([]);
  });

  for (const [link, title] of [
    ['Mentions légales', 'Mentions légales'],
    ['Données personnelles', 'Données personnelles'],
    ['Accessibilité : non conforme', "Déclaration d'accessibilité"],
  ]) {
    it(`opens "${title}" from the widget, a page that passes axe-core and links back to the chat`, async () => {
      await page.goto(`${running.hub.url}/`);
      await page.locator('a.legal-link[href*="?lang="]').first().waitFor();
      await Promise.all([page.waitForURL(/\?lang=fr$/), page.getByRole('link', { name: link, exact: true }).click()]);
      expect(await page.locator('h1').innerText()).to.equal(title);
      expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
      expect(await page.getByRole('contentinfo').getByRole('link', { name: 'Mentions légales' }).count()).to.equal(1);
      expect(await page.locator('footer a.chat-link').getAttribute('href')).to.equal('/?lang=fr');
      expect(await axeViolations(page)).to.deep.equal([]);
    });
  }
});
