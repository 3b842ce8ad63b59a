/** Issue 13's acceptance, end to end in real headless Chromium against one hub on an injected clock
 * (a Tuesday night in Paris, agents away), with the official stations sample imported:
 * the bubble on another origin's page (WIDGET_ORIGINS) opens the chat with the announcement first;
 * an out-of-hours hand-off gives a follow-up code, an agent answers from the real console, and a
 * FRESH browser profile resumes the conversation with the code and reads the answer; the help centre
 * finds a topic from a misspelt search; the chat gives the nearest station to a postcode; an
 * appointment asked for in the chat is confirmed by the agent in the console and the citizen downloads
 * its .ics; the quick exit leaves nothing of the citizen's words in Redis. Each step reuses the state
 * the previous ones left, as one citizen's and one agent's evening would. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { testClock } from '../helpers/clock.js';
import { copyContent, ROOT, startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { everythingIn } from '../helpers/redis-dump.js';
import { type EmbeddingSite, startEmbeddingSite } from '../helpers/site.js';
import { POLICE_SAMPLE, stationsCommand } from '../stations/files.js';

const NOTICE = 'Mouvement social : délais allongés.';
const CODE = /[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}/;
const PASSWORD = 'correct horse battery';
const NEUTRAL = 'https://www.google.fr/';
/** Next year's 16 March: a Tuesday-or-so morning in the future whatever the day the test runs. */
const YEAR = new Date().getUTCFullYear() + 1;

describe('public service around the chat: the whole journey (Chromium)', function () {
  this.timeout(90_000);
  // Tuesday 1 December 2026, 22:30 in Paris: outside the hours of flows/service.yaml.
  const clock = testClock(Date.UTC(2026, 11, 1, 21, 30));
  let dir: string;
  let redis: TestRedis;
  let hub: TestHub;
  let site: EmbeddingSite;
  let citizen: LaunchedBrowser;
  let agentBrowser: LaunchedBrowser;
  let console_: Page;
  const problems: string[] = [];
  /** The out-of-hours conversation: its id (from the page's storage) and the code the citizen noted. */
  const handedOff = { id: '', code: '' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-journey-'));
    copyContent(ROOT, dir);
    const shipped = readFileSync(join(ROOT, 'flows/service.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'flows/service.yaml'),
      shipped.replace(/^announcements:[\s\S]*$/m, `announcements:\n  - id: strike\n    text: {fr: "${NOTICE}"}\n`),
    );
    site = await startEmbeddingSite(() => hub.url);
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { CONTENT_DIR: dir, WIDGET_ORIGINS: site.origin }, { clock });
    expect(stationsCommand(redis.url, ['import', POLICE_SAMPLE]).status).to.equal(0);
    await hub.app.ctx.accounts.add('ann', PASSWORD, 'agent', { display: 'Agente Ann' });
    citizen = await launchBrowser();
    // The quick exit's neutral page, without leaving the machine.
    await citizen.context.route(`${NEUTRAL}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Google</title><p>neutral</p>' }),
    );
    agentBrowser = await launchBrowser();
    console_ = await watched(agentBrowser, 'console');
    await console_.setViewportSize({ width: 1280, height: 860 });
    await console_.goto(`${hub.url}/console`);
    await console_.fill('#username', 'ann');
    await console_.fill('#password', PASSWORD);
    await console_.click('#login');
    await console_.locator('#tabs:not([hidden])').waitFor();
  });
  after(async () => {
    await citizen?.close();
    await agentBrowser?.close();
    await hub?.stop();
    await redis?.stop();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new tab whose script errors and CSP refusals are collected. */
  async function watched(browser: LaunchedBrowser, name: string): Promise<Page> {
    return recordPageProblems(await browser.context.newPage(), problems, { label: name });
  }

  /** A new tab of the citizen's browser on the chat (a tab has its own conversation), welcome shown. */
  async function openChat(browser = citizen): Promise<Page> {
    const page = await watched(browser, 'citizen');
    await page.goto(hub.url);
    await page.locator('.choice').first().waitFor();
    return page;
  }

  /** Types and sends a message in the chat, as a citizen does. */
  async function say(page: Page | Frame, text: string): Promise<void> {
    await page.fill('#input', text);
    await page.click('#send');
    await page.locator('#messages .msg[data-from="citizen"]', { hasText: text }).waitFor();
  }

  /** Presses the last offered choice `id` in the chat. */
  async function choose(page: Page, id: string): Promise<void> {
    await page.locator(`.choice[data-choice-id="${id}"]`).last().click();
  }

  const conversationId = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id as string);

  /** The agent takes a waiting conversation from the console's queue; its reply box opens. */
  async function claimInConsole(id: string): Promise<void> {
    await console_.locator(`#queue-list .queue-item[data-id="${id}"] .claim`).click();
    await console_.locator('#reply-input:not([disabled])').waitFor();
  }

  it('opens the bubble on a page of another origin listed in WIDGET_ORIGINS; the announcement comes first', async () => {
    const page = await watched(citizen, 'site');
    await page.goto(site.origin);
    await page.locator('#relais-bubble').click();
    const chat: FrameLocator = page.frameLocator('#relais-frame');
    await chat.locator('#announcements li').waitFor();
    expect(await chat.locator('#announcements li').innerText()).to.equal(NOTICE);
    const firstBot = chat.locator('#messages .msg[data-from="bot"]').first();
    await chat.locator('#messages .msg[data-from="bot"]').nth(1).waitFor();
    expect(await firstBot.innerText()).to.include(NOTICE);
    expect(await chat.locator('#messages .msg[data-from="bot"]').nth(1).innerText()).to.include('Bonjour, vous êtes sur le tchat');
    await page.close();
  });

  it('hands off out of hours with a follow-up code and when agents are back', async () => {
    const page = await openChat();
    await page.locator('#service-banner:not([hidden])').waitFor();
    expect(await page.locator('#agents-status').innerText()).to.include('mercredi 2 décembre à 08:00');
    expect(await page.locator('#messages .msg[data-from="bot"]').first().innerText()).to.include(NOTICE);
    await say(page, 'je voudrais parler à un policier');
    const handoff = page.locator('#messages .msg[data-from="bot"]', { hasText: 'code de suivi' });
    await handoff.waitFor();
    const text = await handoff.innerText();
    expect(text).to.include('mercredi 2 décembre à 08:00');
    handedOff.code = CODE.exec(text)![0];
    handedOff.id = await conversationId(page);
    await page.close(); // the citizen leaves; only the code is kept (on paper)
  });

  it('resumes from a fresh browser profile with the code and reads the answer the agent wrote in the console', async () => {
    await claimInConsole(handedOff.id);
    await console_.locator('#reply-input').fill('Bonjour, ici l’agente Ann : votre demande est bien reçue.');
    await console_.keyboard.press('Enter');
    await console_.locator('#conv-messages', { hasText: 'votre demande est bien reçue' }).waitFor();

    const fresh = await launchBrowser(); // another device: nothing of the first profile
    try {
      const page = await openChat(fresh);
      expect(await conversationId(page)).not.to.equal(handedOff.id);
      await page.click('#resume-chat');
      await page.fill('#resume-code', handedOff.code.toLowerCase().replace(/-/g, ' '));
      await page.click('#resume-submit');
      await page.locator('#messages .msg[data-from="agent"]', { hasText: 'votre demande est bien reçue' }).waitFor();
      expect(await conversationId(page)).to.equal(handedOff.id);
      // The whole conversation is back, the hand-off with its code included.
      expect(await page.locator('#messages .msg[data-from="citizen"]', { hasText: 'je voudrais parler à un policier' }).count()).to.equal(1);
    } finally {
      await fresh.close();
    }
  });

  it('finds the right help topic from a misspelt search, from the chat’s help link', async () => {
    const page = await openChat();
    await Promise.all([page.waitForURL(/\/aide\?lang=fr$/), page.locator('#help-link').click()]);
    await page.getByLabel("Rechercher dans l'aide").fill('pasport perdu');
    await Promise.all([page.waitForURL(/\/aide\?q=/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    const first = page.locator('.results li a').first();
    expect(await first.innerText()).to.equal('Papiers perdus ou volés');
    await Promise.all([page.waitForURL(/\/aide\/perte_papiers\?lang=fr$/), first.click()]);
    expect(await page.locator('h1').innerText()).to.equal('Papiers perdus ou volés');
    await page.close();
  });

  it('gives the nearest station to a postcode of the sample through the flow', async () => {
    const page = await openChat();
    await say(page, 'Où se trouve le commissariat le plus proche ?');
    await page.locator('#messages .msg[data-from="bot"]', { hasText: 'code postal ou votre commune' }).waitFor();
    await say(page, '01100');
    const answer = page.locator('#messages .msg[data-from="bot"]', { hasText: 'Les plus proches de 01100' });
    await answer.waitFor();
    const text = await answer.innerText();
    expect(text).to.include("1. Commissariat de police d'Oyonnax").and.include('57 Rue Pasteur, 01100 OYONNAX');
    expect(await answer.getByRole('link', { name: "Plan : Commissariat de police d'Oyonnax" }).getAttribute('href')).to.match(
      /^https:\/\/www\.openstreetmap\.org\//,
    );
    await page.close();
  });

  it('asks for an appointment in the chat; the agent confirms it in the console; the citizen downloads the .ics', async () => {
    const page = await openChat();
    await choose(page, 'information');
    await choose(page, 'appointment');
    await page.locator('#messages .msg[data-from="bot"]', { hasText: 'code postal ou votre commune' }).waitFor();
    await say(page, '01100');
    await choose(page, 'station.0');
    await choose(page, 'halfday.tue_am');
    await page.locator('#messages .msg[data-from="bot"]', { hasText: 'demande de rendez-vous' }).waitFor();
    const id = await conversationId(page);

    await claimInConsole(id);
    await console_.locator('#conv-messages', { hasText: 'Demande de rendez-vous' }).waitFor();
    await console_.click('#conv-appointment');
    await console_.fill('#appointment-near', '01100');
    await console_.click('#appointment-find');
    await console_.locator('#appointment-station:not([disabled])').waitFor();
    expect(await console_.locator('#appointment-station option').first().innerText()).to.include("Commissariat de police d'Oyonnax");
    await console_.fill('#appointment-at', `${YEAR}-03-16T09:30`);
    await console_.fill('#appointment-note', "Apportez une pièce d'identité.");
    await console_.click('#appointment-submit');
    await console_.locator('#appointment-dialog').waitFor({ state: 'hidden' });

    const confirmation = page.locator('#messages .msg[data-from="agent"]', { hasText: 'rendez-vous est fixé' });
    await confirmation.waitFor();
    expect(await confirmation.innerText())
      .to.include(`16 mars ${YEAR} à 09:30`)
      .and.include("Commissariat de police d'Oyonnax");
    const [download] = await Promise.all([page.waitForEvent('download'), confirmation.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' }).click()]);
    expect(download.suggestedFilename()).to.equal('rendez-vous.ics');
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).to.match(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).to.include(`DTSTART:${YEAR}0316T083000Z`).and.include('Oyonnax');
    await page.close();
  });

  it('quick exit: nothing of the citizen’s words is left in Redis, nor in the page', async () => {
    const page = await openChat();
    const words = 'mon voisin Zorbaq-Huelgoat me menace';
    await say(page, words);
    await page.locator('#messages .msg[data-from="bot"]').nth(2).waitFor(); // the bot has taken the turn
    expect(await everythingIn(hub.app.ctx.redis)).to.include('Zorbaq-Huelgoat');
    await page.getByRole('button', { name: 'Quitter et effacer' }).click();
    await page.waitForURL(NEUTRAL);
    expect(await everythingIn(hub.app.ctx.redis)).not.to.include('Zorbaq');
    // Back on the hub's origin in that tab (a file with no script): the page's storage is empty.
    await page.goto(`${hub.url}/chat.css`);
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).to.equal(0);
    await page.close();
  });

  it('ran without page errors or CSP refusals, in the chat, the bubble, the help centre and the console', () => {
    expect(problems).to.deep.equal([]);
  });
});
