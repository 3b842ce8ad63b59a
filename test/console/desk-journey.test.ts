/** The agents' desk acceptance journey (issue 14) in real Chromium, one browser context per person:
 * three agents of different skills (vss, en, none) and a supervisor. A citizen tells of sexual
 * violence: the vss-trained agent gets it first; the citizen reads the agent's display name; a
 * transfer keeps each author's name in the transcript; a forward sends exactly one e-mail with the
 * summary and no word of the citizen's; the conversation is closed; the supervisor finds it in the
 * History view by one of its words, reads it there, and downloads the day's CSV in the browser. */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchIsolatedBrowser, type IsolatedBrowser, recordPageProblems } from '../helpers/browser.js';
import { call, startTestHub, waitForMessage, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { decodeMail, startSmtp, type TestSmtp } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery';
// Intent `violences` (knowledge/routing.yaml: violences → vss); a word of it to search for later.
const VIOLENCE = 'mon ancien compagnon me frappait et me harcelait, je voudrais porter plainte pour violences conjugales';
const ASK_AGENT = 'je voudrais parler à un policier';
const SEARCH_WORD = 'frappait';
const SUMMARY = 'Faits : violences conjugales répétées par un ancien conjoint.\nLieu : à préciser.\nSuite : la victime accepte d’être rappelée.';
const UNIT = 'bta.journey@gendarmerie.test';
const PEOPLE = [
  ['julie', 'agent', 'Gendarme Julie', ['vss']],
  ['emma', 'agent', 'Brigadière Emma', ['en']],
  ['paul', 'agent', 'Gardien Paul', []],
  ['sam', 'supervisor', 'Major Sam', []],
] as const;

/** Today in the service's time zone (STATS_TIMEZONE, Europe/Paris by default), as YYYY-MM-DD. */
const todayInParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

describe("agents' desk journey: skills, names, transfer, forward, close, history, CSV (Chromium)", function () {
  this.timeout(120_000);
  let smtp: TestSmtp;
  let redis: TestRedis;
  let hub: TestHub;
  let chromium: IsolatedBrowser;
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};
  const errors: string[] = [];
  let id: string;
  let citizenToken: string;

  before(async () => {
    smtp = await startSmtp();
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { ROUTING_MODE: 'auto', SMTP_URL: smtp.url, MAIL_FROM: 'Relais <relais@example.gouv.fr>' });
    for (const [name, role, display, skills] of PEOPLE) await hub.app.ctx.accounts.add(name, PASSWORD, role, { display, skills: [...skills] });
    chromium = await launchIsolatedBrowser();
    for (const [name] of PEOPLE) {
      const context = await chromium.newContext();
      contexts.push(context);
      const page = await context.newPage();
      recordPageProblems(page, errors, { label: name });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${hub.url}/console`);
      await page.fill('#username', name);
      await page.fill('#password', PASSWORD);
      await page.click('#login');
      await page.locator('#tabs:not([hidden])').waitFor();
      pages[name] = page;
    }
    // Opening the console means being at work: the three agents are available (a supervisor starts
    // away) before the citizen writes; the supervisor's live table says so.
    await pages.sam.waitForFunction(() => document.querySelectorAll('#agents-body .dot--available').length === 3);
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await hub?.stop();
    await redis?.stop();
    await smtp?.stop();
  });

  it('gives the violence conversation to the vss-trained agent first, not to the others', async () => {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    ({ id, token: citizenToken } = body);
    let after = 0;
    for (const text of [VIOLENCE, ASK_AGENT]) {
      await call(`${hub.url}/api/v1/conversations/${id}/messages`, { token: citizenToken, body: { text } });
      after = (await waitForMessage(hub.url, id, citizenToken, (m) => m.from !== 'citizen', after)).seq;
    }
    await pages.julie.locator(`#mine .mine-item[data-id="${id}"]`).waitFor();
    // Assigned to her: the console opens it by itself, with the topic that needs her skill.
    await pages.julie.locator('#reply-input:not([disabled])').waitFor();
    expect(await pages.julie.locator('#fact-intent').innerText()).to.match(/violence/i);
    const conv = await hub.app.ctx.store.get(id);
    expect(conv?.agent).to.equal('julie');
    expect(conv?.intent).to.equal('violences');
    for (const name of ['emma', 'paul', 'sam']) {
      expect(await pages[name].locator(`#mine .mine-item[data-id="${id}"]`).count(), name).to.equal(0);
      expect(await pages[name].locator(`#queue-list .queue-item[data-id="${id}"]`).count(), name).to.equal(0);
    }
    const assigns = (await hub.app.ctx.console.audit.list()).filter((e) => e.action === 'assign' && e.conversation === id);
    expect(
      assigns.map((e) => e.detail),
      'assigned once, to julie',
    ).to.deep.equal(['julie']);
  });

  it("shows the citizen the agent's display name, and both names after a transfer", async () => {
    const julie = pages.julie;
    await julie.fill('#reply-input', 'Bonjour, je suis gendarme, formée pour vous écouter.');
    await julie.keyboard.press('Enter');
    const first = await waitForMessage(hub.url, id, citizenToken, (m) => m.from === 'agent');
    expect(first.author).to.equal('Gendarme Julie');

    await julie.click('#conv-transfer');
    await julie.locator('#transfer-dialog[open]').waitFor();
    await julie.selectOption('#transfer-to', 'paul');
    await julie.fill('#transfer-note', 'Victime entendue, à rappeler demain.');
    await julie.click('#transfer-submit');
    await julie.locator('#conv-empty:not([hidden])').waitFor();

    const paul = pages.paul;
    await paul.locator(`#mine .mine-item[data-id="${id}"]`).waitFor();
    await paul.locator('#reply-input:not([disabled])').waitFor();
    await paul.fill('#reply-input', 'Je prends la suite de ma collègue.');
    await paul.keyboard.press('Enter');
    const second = await waitForMessage(hub.url, id, citizenToken, (m) => m.from === 'agent' && m.seq > first.seq);
    expect(second.author).to.equal('Gardien Paul');
    await paul.locator('#conv-messages .msg[data-from="agent"]', { hasText: 'je prends la suite' }).waitFor();
    const authors = await paul.locator('#conv-messages .msg[data-from="agent"]:not([data-internal]) .msg-author').allInnerTexts();
    expect(authors).to.deep.equal(['Gendarme Julie', 'Gardien Paul']);
  });

  it('forwards the case: exactly one e-mail, with the summary and no word the citizen wrote', async () => {
    const paul = pages.paul;
    await paul.click('#conv-forward:not([disabled])');
    await paul.locator('#forward-dialog[open]').waitFor();
    await paul.check('input[name="forward-mode"][value="email"]');
    await paul.fill('#forward-email', UNIT);
    await paul.fill('#forward-summary', SUMMARY);
    const mailed = smtp.next();
    await paul.click('#forward-submit');
    const mail = await mailed;
    await paul.locator('#forward-dialog[open]').waitFor({ state: 'detached' });
    await paul.locator('#conv-messages .msg--internal', { hasText: UNIT }).waitFor();
    expect(mail.to).to.deep.equal([UNIT]);
    const { text } = decodeMail(mail.raw);
    expect(text).to.include(SUMMARY);
    for (const sentence of [VIOLENCE, ASK_AGENT, SEARCH_WORD]) expect(text, sentence).to.not.include(sentence);
    expect(smtp.mails).to.have.length(1);
  });

  it('closes the conversation with an outcome', async () => {
    const paul = pages.paul;
    await paul.click('#conv-close:not([disabled])');
    await paul.locator('#close-dialog[open]').waitFor();
    await paul.check('input[name="outcome"][value="resolved"]');
    await paul.click('#close-submit');
    await paul.waitForFunction((conv) => !document.querySelector(`#mine .mine-item[data-id="${conv}"]`), id);
    expect((await hub.app.ctx.store.get(id))?.mode).to.be.oneOf(['survey', 'closed']);
    expect(smtp.mails, 'closing sends no mail').to.have.length(1);
  });

  it('lets the supervisor find it in the History view by one of its words and read it, read-only', async () => {
    const sam = pages.sam;
    await sam.click('.tab[data-tab="history"]');
    await sam.locator('#history-view:not([hidden])').waitFor();
    await sam.fill('#history-q', SEARCH_WORD);
    await sam.selectOption('#history-state', 'closed');
    await sam.click('#history-submit');
    const item = sam.locator(`#history-list .history-item[data-id="${id}"]`);
    await item.waitFor();
    expect(await sam.locator('#history-list .history-item').count()).to.equal(1);
    const line = await item.innerText();
    expect(line).to.include('Réponse apportée').and.include('API');
    await item.locator('button').click();
    await sam.locator(`#history-conversation[data-id="${id}"] .msg[data-from="citizen"]`, { hasText: SEARCH_WORD }).waitFor();
    const authors = await sam.locator('#history-messages .msg[data-from="agent"]:not([data-internal]) .msg-author').allInnerTexts();
    expect(authors).to.deep.equal(['Gendarme Julie', 'Gardien Paul']);
    // Read-only: nothing in the view writes, claims or closes.
    expect(await sam.locator('#history-view textarea, #history-view [id^="conv-"]').count()).to.equal(0);
    // Four tabs and a display name still leave "log out" inside the window at 1280 px.
    const logout = (await sam.locator('#logout').boundingBox())!;
    expect(logout.x + logout.width, 'log out in view').to.be.at.most(1280);
    expect(await axeViolations(sam)).to.deep.equal([]);

    // A word nobody wrote finds nothing; the agent who never held it does not find it either.
    await sam.fill('#history-q', 'cambriolage');
    await sam.click('#history-submit');
    await sam.locator('#history-list .empty').waitFor();
    const emma = pages.emma;
    await emma.click('.tab[data-tab="history"]');
    await emma.fill('#history-q', SEARCH_WORD);
    await emma.click('#history-submit');
    await emma.locator('#history-list .empty').waitFor();
    const paul = pages.paul;
    await paul.click('.tab[data-tab="history"]');
    await paul.fill('#history-q', SEARCH_WORD);
    await paul.click('#history-submit');
    await paul.locator(`#history-list .history-item[data-id="${id}"]`).waitFor();
  });

  it("downloads the day's CSV in the browser, with the session of the console", async () => {
    const sam = pages.sam;
    await sam.click('.tab[data-tab="supervisor"]');
    await sam.locator('#csv-form').waitFor();
    const today = todayInParis();
    expect(await sam.inputValue('#csv-from')).to.equal(today);
    expect(await sam.inputValue('#csv-to')).to.equal(today);
    const [download] = await Promise.all([sam.waitForEvent('download'), sam.click('#csv-download')]);
    expect(download.suggestedFilename()).to.equal(`relais-${today}-${today}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r\n/);
    expect(lines).to.have.length(2);
    const header = lines[0].split(',');
    expect(header.slice(0, 2)).to.deep.equal(['date', 'conversations_started']);
    const row = Object.fromEntries(lines[1].split(',').map((v, i) => [header[i], v]));
    expect(row.date).to.equal(today);
    expect(Number(row.conversations_started)).to.be.at.least(1);
    expect(Number(row.handoffs)).to.be.at.least(1);
    expect(Number(row.agent_replies)).to.be.at.least(2);
    const exports = (await hub.app.ctx.console.audit.list()).filter((e) => e.action === 'export');
    expect(exports.map((e) => [e.actor, e.detail])).to.deep.equal([['sam', `${today}..${today}`]]);
    expect(await axeViolations(sam)).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });
});
