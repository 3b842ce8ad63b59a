/** A translated hand-off end to end in headless Chromium (issue 12): a citizen whose browser speaks
 * Turkish (none of the seven: the widget's words are English) writes Turkish in the web chat, with a
 * local fake of the LibreTranslate API; the bot answers in Turkish, marked, and hands off. The agent,
 * in the real console page, sees every citizen message, those before the hand-off included, with its
 * French translation beside the original, and writes French; the citizen reads the Turkish
 * translation, marked as machine-translated, and can show the French original on demand. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { type FakeLibreTranslate, startFakeLibreTranslate } from '../helpers/libretranslate.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PASSWORD = 'correct horse battery';
const STOLEN_PHONE = 'Telefonumu çaldılar, şikayette bulunmak istiyorum';
const AGENT_PLEASE = 'Bir polis memuruyla konuşmak istiyorum lütfen';
const STILL_HAVE_CARD = 'Evet, banka kartım hâlâ bende';
/** What the fake translates for real (Turkish → French); everything else becomes "⟨target⟩ text". */
const TURKISH: Record<string, string> = {
  [STOLEN_PHONE]: 'On m’a volé mon téléphone, je veux porter plainte',
  [AGENT_PLEASE]: 'Je voudrais parler à un policier, s’il vous plaît',
  [STILL_HAVE_CARD]: 'Oui, j’ai encore ma carte bancaire',
};
const REPLY = 'Bonjour, je suis le policier de permanence. Avez-vous encore votre carte bancaire ?';
const MARKER_TR = '🌐 ⟨tr⟩ Traduction automatique';

describe('a translated hand-off in Chromium (widget and console)', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let fake: FakeLibreTranslate;
  let hub: TestHub;
  let citizenBrowser: LaunchedBrowser;
  let agentBrowser: LaunchedBrowser;
  let widget: Page;
  let desk: Page;
  const errors: string[] = [];

  before(async () => {
    fake = await startFakeLibreTranslate(TURKISH);
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { TRANSLATE_URL: fake.url, ROUTING_MODE: 'pick' });
    await hub.app.ctx.accounts.add('alice', PASSWORD, 'agent');
    citizenBrowser = await launchBrowser({ locale: 'tr-TR', timezoneId: 'Europe/Istanbul' });
    agentBrowser = await launchBrowser();
    widget = await citizenBrowser.context.newPage();
    desk = await agentBrowser.context.newPage();
    for (const [who, page] of [
      ['citizen', widget],
      ['agent', desk],
    ] as const)
      page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
  });
  after(async () => {
    await citizenBrowser?.close();
    await agentBrowser?.close();
    await hub?.stop();
    await redis?.stop();
    await fake?.close();
  });

  const bots = () => widget.locator('#messages .msg[data-from="bot"], #messages .msg[data-from="system"]');

  async function say(text: string): Promise<void> {
    await widget.fill('#input', text);
    await widget.click('#send');
  }

  it('the citizen writes Turkish in the widget: the answer and the hand-off notice come in Turkish, marked', async () => {
    await widget.goto(hub.url);
    await widget.locator('#messages .msg[data-from="bot"]').first().waitFor();
    const welcomed = await bots().count();
    await say(STOLEN_PHONE);
    // The answer: machine-translated from the French (the fake prefixes "⟨tr⟩"), its marker line last.
    const answer = widget.locator('#messages .msg[data-from="bot"]', { hasText: '⟨tr⟩' }).first();
    await answer.waitFor();
    expect((await answer.locator('.msg-text').innerText()).trim().endsWith(MARKER_TR)).to.equal(true);
    expect(await bots().count()).to.be.greaterThan(welcomed);

    await say(AGENT_PLEASE);
    await widget.locator('#messages .msg', { hasText: '⟨tr⟩ Je transmets votre demande' }).waitFor();
    const { id } = await widget.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation')!));
    const conv = await hub.app.ctx.store.get(id);
    expect(conv?.mode).to.equal('waiting');
    expect(conv?.translateTo).to.equal('tr');
  });

  it('the agent sees every citizen message with its French translation beside the original, and answers in French', async () => {
    await desk.goto(`${hub.url}/console`);
    await desk.fill('#username', 'alice');
    await desk.fill('#password', PASSWORD);
    await desk.click('#login');
    await desk.locator('#tabs:not([hidden])').waitFor();
    await desk.locator('#queue-list .queue-item .claim').first().click();
    const citizen = desk.locator('#conv-messages .msg[data-from="citizen"]');
    await desk.waitForFunction(() => document.querySelectorAll('#conv-messages .msg[data-from="citizen"]').length >= 2);
    const shown = await citizen.evaluateAll((els) =>
      els.map((e) => ({ text: e.querySelector('.msg-text')?.textContent ?? '', translation: e.querySelector('.msg-translation')?.textContent ?? '' })),
    );
    expect(shown.map((m) => m.text)).to.deep.equal([STOLEN_PHONE, AGENT_PLEASE]);
    for (const [i, original] of [STOLEN_PHONE, AGENT_PLEASE].entries()) expect(shown[i]!.translation).to.include(TURKISH[original]!);

    await desk.locator('#reply-input').fill(REPLY);
    await desk.keyboard.press('Enter');
    await desk.locator('#conv-messages .msg[data-from="agent"]').first().waitFor();
  });

  it('the citizen reads the Turkish translation, marked, and shows the French original on demand', async () => {
    const reply = widget.locator('#messages .msg[data-from="agent"]').first();
    await reply.waitFor();
    expect((await reply.locator('.msg-text').innerText()).trim()).to.equal(`⟨tr⟩ ${REPLY}\n\n${MARKER_TR}`);
    const toggle = reply.locator('.msg-original-toggle');
    const original = reply.locator('.msg-original');
    expect(await original.isVisible()).to.equal(false);
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    // The widget's words are English here (Turkish is not one of the seven).
    expect((await toggle.innerText()).trim()).to.equal('Show the original');

    await toggle.click();
    expect(await original.isVisible()).to.equal(true);
    expect((await original.innerText()).trim()).to.equal(REPLY);
    expect(await original.getAttribute('lang')).to.equal('fr');
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
    expect((await toggle.innerText()).trim()).to.equal('Hide the original');
    await toggle.click();
    expect(await original.isVisible()).to.equal(false);

    // The citizen answers in Turkish: the agent reads it with its French translation, live.
    await say(STILL_HAVE_CARD);
    const answered = desk.locator('#conv-messages .msg[data-from="citizen"]', { hasText: STILL_HAVE_CARD });
    await answered.waitFor();
    await answered.locator('.msg-translation', { hasText: TURKISH[STILL_HAVE_CARD]! }).waitFor();

    // The bot's translated messages offer it too; the citizen's own never do.
    expect(await widget.locator('#messages .msg[data-from="bot"] .msg-original-toggle').count()).to.be.greaterThan(0);
    expect(await widget.locator('#messages .msg[data-from="citizen"] .msg-original-toggle').count()).to.equal(0);
    // The translations for agents never reach the citizen's page.
    expect(await widget.locator('#messages').innerText()).to.not.include(TURKISH[STOLEN_PHONE]);
    expect(errors).to.deep.equal([]);
  });
});
