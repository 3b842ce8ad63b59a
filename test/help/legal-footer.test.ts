/** The legal pages' footer in real headless Chromium: in the chat widget, in its language, with
 * links that open each page; axe-core finds no violation on the widget with its footer nor on the
 * pages themselves (which hold no script, under their own CSP). */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { useTestHub } from '../helpers/hub.js';

describe('legal footer in Chromium', function () {
  this.timeout(60_000);
  const running = useTestHub();
  let browser: LaunchedBrowser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    recordPageProblems(page, problems, { console: 'errors' });
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
