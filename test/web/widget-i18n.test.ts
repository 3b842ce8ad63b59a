/** The web chat in the citizen's language, in real headless Chromium: the browser's language decides
 * the widget's words and the bot's welcome (Spanish, Arabic, German); in each of the seven, the
 * welcome, a frequent answer with its link, the hand-off notice and the survey come in it; Arabic is
 * laid out right to left, and the "Langue / Language" control switches the words at once and the
 * bot's next answers. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import type { IntentId } from '../../src/core/triage.js';
import { pickText } from '../../src/i18n/phrases.js';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { CONTENT_DIR, useTestHub } from '../helpers/hub.js';

/** The first line of a step's text in `locale` (before any {{placeholder}}). */
function opening(content: Content, step: string, locale: string): string {
  return content.flow.steps.get(step)!.say[locale]!.split('\n')[0]!.split('{{')[0]!.trim();
}

describe('web chat in seven languages (Chromium)', function () {
  this.timeout(60_000);
  const running = useTestHub();
  let content: Content;
  const browsers: LaunchedBrowser[] = [];
  const errors: string[] = [];

  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
  });
  after(async () => {
    for (const b of browsers) await b.close();
  });

  async function open(locale: string): Promise<Page> {
    const browser = await launchBrowser({ locale });
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(running.hub.url);
    await page.locator('.language-picker:not([hidden])').waitFor();
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    return page;
  }
  const word = (key: string, locale: string) => content.widget[key]![locale]!;

  for (const [browserLocale, locale] of [
    ['es-ES', 'es'],
    ['ar', 'ar'],
    ['de-DE', 'de'],
  ] as const) {
    it(`a browser in ${browserLocale}: the widget's words and the bot's welcome in ${locale}`, async () => {
      const page = await open(browserLocale);
      expect(await page.evaluate(() => document.documentElement.lang)).to.equal(locale);
      expect(await page.title()).to.equal(word('pageTitle', locale));
      expect((await page.locator('#send').innerText()).trim()).to.equal(word('send', locale));
      expect((await page.locator('#quick-exit').innerText()).trim()).to.equal(word('quickExit', locale));
      expect(await page.locator('#input').getAttribute('placeholder')).to.equal(word('inputPlaceholder', locale));
      expect((await page.locator('#privacy-note').innerText()).trim()).to.equal(word('privacy', locale));
      expect(await page.locator('#language').inputValue()).to.equal(locale);
      await page.locator('#messages .msg[data-from="bot"]', { hasText: opening(content, content.flow.start, locale) }).waitFor();
      const labels = await page.locator('.choice').allInnerTexts();
      expect(labels.map((l) => l.trim())).to.deep.equal(content.flow.steps.get(content.flow.start)!.choices.map((c) => c.label[locale]));
      expect(errors).to.deep.equal([]);
    });
  }

  for (const [browserLocale, locale] of [
    ['fr-FR', 'fr'],
    ['en-GB', 'en'],
    ['es-ES', 'es'],
    ['ar', 'ar'],
    ['de-DE', 'de'],
    ['pt-PT', 'pt'],
    ['it-IT', 'it'],
  ] as const) {
    it(`a citizen in ${locale}: welcome, an answer with its link, the hand-off notice and the survey`, async () => {
      const page = await open(browserLocale);
      page.on('dialog', (d) => void d.accept()); // "end the conversation?"
      const said = (text: string) => page.locator('#messages .msg', { hasText: text.split('\n')[0]!.slice(0, 40) }).last();
      await said(opening(content, content.flow.start, locale)).waitFor();
      // A frequent answer reached through the menu (the content's words, not the triage's guess), its link labelled in the language.
      await page.locator('.choice[data-choice-id="victim"]').click();
      await said(opening(content, 'victim', locale)).waitFor();
      await page.locator('.choice[data-choice-id="vol"]').click();
      const entry = content.knowledge.get('vol' as IntentId)!;
      const answer = said(pickText(entry.answer, locale));
      await answer.waitFor();
      const link = answer.locator('.msg-links a').first();
      expect((await link.innerText()).trim()).to.equal(entry.links![0]!.label[locale]);
      expect(await link.getAttribute('href')).to.equal(entry.links![0]!.url);
      // "Did it help?" No: the hand-off notice, in the language.
      await page.locator('.choice[data-choice-id="feedback.no"]').click();
      await said(content.phrases.handoff_waiting![locale]!).waitFor();
      // The citizen ends the conversation: the survey question, in the language, with its buttons.
      await page.click('#end-chat');
      await said(content.phrases.survey_question![locale]!).waitFor();
      await page.locator('.choice[data-choice-id="survey.5"]').waitFor();
      expect(errors).to.deep.equal([]);
    });
  }

  it('Arabic is laid out right to left: the document, the bubbles and the buttons mirror', async () => {
    const page = await open('ar');
    expect(await page.evaluate(() => document.documentElement.dir)).to.equal('rtl');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.msg-bubble')!).direction)).to.equal('rtl');
    const width = page.viewportSize()!.width;
    // The bot speaks from the start side, which is the right in Arabic; the citizen's replies go to the left.
    const bot = (await page.locator('#messages .msg[data-from="bot"] .msg-bubble').last().boundingBox())!;
    expect(bot.x + bot.width).to.be.greaterThan(width * 0.6);
    await page.fill('#input', 'مرحبا');
    await page.click('#send');
    const mine = (await page.locator('#messages .msg[data-from="citizen"] .msg-bubble').first().boundingBox())!;
    expect(mine.x).to.be.lessThan(width * 0.4);
    // The language names are each in their own direction.
    expect(await page.locator('#language option[value="ar"]').getAttribute('dir')).to.equal('rtl');
    expect(await page.locator('#language option[value="de"]').getAttribute('dir')).to.equal('ltr');
  });

  it('the language control switches the words at once, tells the hub, and the bot answers in the new language from then on', async () => {
    const page = await open('de-DE');
    const options = await page.locator('#language option').allInnerTexts();
    expect(options).to.deep.equal(
      content.phrases.help_language_name ? ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'].map((l) => content.phrases.help_language_name![l]) : [],
    );
    expect((await page.locator('label[for="language"]').innerText()).trim()).to.equal(word('languageLabel', 'de'));

    await page.selectOption('#language', 'it');
    await page.waitForFunction(() => document.documentElement.lang === 'it');
    expect((await page.locator('#send').innerText()).trim()).to.equal(word('send', 'it'));
    expect(await page.title()).to.equal(word('pageTitle', 'it'));
    expect(await page.evaluate(() => document.documentElement.dir)).to.equal('ltr');
    // The bot confirms in Italian and offers the menu again, its buttons in Italian.
    await page.locator('#messages .msg[data-from="bot"]', { hasText: content.phrases.language_changed!.it! }).waitFor();
    const labels = (await page.locator('.choice').allInnerTexts()).map((l) => l.trim());
    expect(labels).to.deep.equal(content.flow.steps.get(content.flow.start)!.choices.map((c) => c.label.it));

    // Then Arabic: right to left at once, and the next answer (to a tapped entry, then to French text) in Arabic.
    await page.selectOption('#language', 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect((await page.locator('#send').innerText()).trim()).to.equal(word('send', 'ar'));
    await page.locator('#messages .msg[data-from="bot"]', { hasText: content.phrases.language_changed!.ar! }).waitFor();
    await page.locator('.choice[data-choice-id="victim"]').click();
    await page.locator('#messages .msg[data-from="bot"]', { hasText: opening(content, 'victim', 'ar') }).waitFor();
    const bots = page.locator('#messages .msg[data-from="bot"]');
    const before = await bots.count();
    await page.fill('#input', 'je voudrais porter plainte pour un vol de vélo');
    await page.click('#send');
    await page.waitForFunction((n) => document.querySelectorAll('#messages .msg[data-from="bot"]').length > n, before);
    expect(await bots.nth(before).innerText()).to.match(/[\u0600-\u06ff]/);
    // The choice survives a reload of the page (this tab only).
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    expect(errors).to.deep.equal([]);
  });
});
