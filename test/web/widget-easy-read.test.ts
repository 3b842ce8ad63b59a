/** The web chat's « Texte facile à lire » toggle in real headless Chromium: offered in French beside
 * the language control, it switches the bot's welcome and answers to easy-to-read French (FALC) and
 * back; the welcome's own choice moves it; another language hides it; axe-core finds nothing. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { CONTENT_DIR, useTestHub } from '../helpers/hub.js';

describe('web chat: easy-to-read French toggle (Chromium)', function () {
  this.timeout(60_000);
  const running = useTestHub();
  let content: Content;
  let browser: LaunchedBrowser;
  const problems: string[] = [];

  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
    browser = await launchBrowser({ locale: 'fr-FR' });
  });
  after(async () => {
    await browser?.close();
  });

  async function open(): Promise<Page> {
    const page = await browser.context.newPage();
    recordPageProblems(page, problems);
    await page.goto(running.hub.url);
    await page.locator('.language-picker:not([hidden])').waitFor();
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    return page;
  }
  const falcLine = (step: string) => content.flow.steps.get(step)!.say.fr_falc!.split('\n')[1]!;
  const bot = (page: Page, text: string) => page.locator('#messages .msg[data-from="bot"]', { hasText: text });

  it('the toggle switches the welcome and the answers to easy-to-read French and back, with no axe violation', async () => {
    const page = await open();
    const toggle = page.locator('#easy-read');
    await toggle.waitFor();
    expect((await toggle.innerText()).trim()).to.equal(content.widget.easyRead!.fr);
    expect(await toggle.getAttribute('aria-pressed')).to.equal('false');

    await toggle.click();
    await page.locator('#easy-read[aria-pressed="true"]').waitFor();
    await bot(page, falcLine('welcome')).waitFor();
    expect(await axeViolations(page)).to.deep.equal([]);

    await page.locator('.choice[data-choice-id="information"]').last().click();
    await bot(page, content.flow.steps.get('information')!.say.fr_falc!.split('\n')[0]!).waitFor();
    await page.locator('.choice[data-choice-id="plainte"]').last().click();
    const answer = content.knowledge.get('plainte')!.answer.fr_falc!;
    await bot(page, answer.split('\n')[0]!).waitFor();
    expect(await page.locator('#messages .msg[data-from="bot"] .msg-links a').last().getAttribute('href')).to.equal(
      content.knowledge.get('plainte')!.links.at(-1)!.url,
    );

    // Off again: the menu on screen is said again in the usual French.
    await toggle.click();
    await page.locator('#easy-read[aria-pressed="false"]').waitFor();
    await bot(page, content.flow.steps.get('information')!.say.fr!).waitFor();
    expect(problems).to.deep.equal([]);
  });

  it('another language hides the toggle, French shows it again', async () => {
    const page = await open();

    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('#easy-read').isHidden()).to.equal(true);
    await page.selectOption('#language', 'fr');
    await page.locator('#easy-read:not([hidden])').waitFor();
    expect(problems).to.deep.equal([]);
  });
});
