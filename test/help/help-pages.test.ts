/** The help centre in real headless Chromium, under its own CSP and without any script of its own:
 * search with a typo through the form, open a topic and follow its link, keyboard focus, axe-core
 * finds no accessibility violation, and the chat widget links to it. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { useTestHub } from '../helpers/hub.js';

describe('help centre in Chromium', function () {
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

  it('searches with a typo through the form, opens a topic and follows its link', async () => {
    await page.goto(`${running.hub.url}/aide`);
    expect(await page.locator('h1').innerText()).to.equal('Aide et questions fréquentes');
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    await page.getByLabel("Rechercher dans l'aide").fill('procuraton');
    await Promise.all([page.waitForURL(/\/aide\?q=procuraton&lang=fr$/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    const first = page.locator('.results li a').first();
    expect(await first.innerText()).to.equal('Autre demande');
    expect(await page.inputValue('#q')).to.equal('procuraton');
    await Promise.all([page.waitForURL(/\/aide\/autre\?lang=fr$/), first.click()]);
    expect(await page.locator('h1').innerText()).to.equal('Autre demande');
    const link = page.getByRole('link', { name: 'Ma procuration' });
    expect(await link.getAttribute('href')).to.equal('https://www.maprocuration.gouv.fr/');
    // The link leaves for the official service (not reached in a test: the request is answered here).
    await page.route('https://www.maprocuration.gouv.fr/**', (r) => r.fulfill({ status: 200, contentType: 'text/plain', body: 'ok' }));
    await Promise.all([page.waitForURL('https://www.maprocuration.gouv.fr/'), link.click()]);
    await page.goBack();
    await Promise.all([page.waitForURL(/\/aide\?lang=fr$/), page.getByRole('link', { name: "Retour à l'aide" }).click()]);
  });

  it('shows the keyboard focus, starting with the skip link', async () => {
    await page.goto(`${running.hub.url}/aide?lang=en`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth, top: el.getBoundingClientRect().top };
    });
    expect(focused).to.deep.include({ text: 'Skip to content', outline: 'solid', width: '3px' });
    expect(focused.top).to.be.at.least(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('main');
  });

  for (const [name, path] of [
    ['the home page', '/aide'],
    ['a search with results', '/aide?q=perdu%20passport'],
    ['a topic', '/aide/perte_papiers'],
    ['a topic in Arabic (right to left)', '/aide/perte_papiers?lang=ar'],
    ['the 404 page', '/aide/nope'],
  ]) {
    it(`has no axe-core violation on ${name}`, async () => {
      await page.goto(`${running.hub.url}${path}`);
      expect(await axeViolations(page, { allRules: true })).to.deep.equal([]);
      // The 404 page is answered with 404, which Chromium reports on the console: that one is expected.
      if (path === '/aide/nope') problems.splice(0, problems.length, ...problems.filter((p) => !/status of 404/.test(p)));
    });
  }

  it('is linked from the chat widget, in the page\u2019s language', async () => {
    await page.goto(`${running.hub.url}/`);
    const link = page.locator('#help-link');
    expect(await link.innerText()).to.equal('Aide / questions fréquentes');
    expect(await link.getAttribute('href')).to.equal('/aide?lang=fr');
    await page.goto(`${running.hub.url}/?lang=en`);
    // The widget's words are content, fetched after the page loads.
    await page.waitForFunction(() => document.querySelector('#help-link')?.textContent === 'Help / FAQ');
    expect(await link.innerText()).to.equal('Help / FAQ');
    await Promise.all([page.waitForURL(/\/aide\?lang=en$/), link.click()]);
    expect(await page.locator('h1').innerText()).to.equal('Help and frequently asked questions');
  });
});
