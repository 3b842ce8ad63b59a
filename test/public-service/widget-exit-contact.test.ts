/** The widget's quick exit and contact form in real headless Chromium, under the page's strict CSP:
 * "Quitter et effacer" (or Escape twice) erases the conversation on the hub, empties the page's
 * storage and replaces the page with a neutral one; the contact form sends a written request and
 * shows the follow-up code. axe-core finds no accessibility violation in either. */
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { everythingIn } from '../helpers/redis-dump.js';

const NEUTRAL = 'https://www.google.fr/';
const WORDS = 'mon ex Kerbrat-Zyxwv surveille mon téléphone';

describe('widget: quick exit and contact form in Chromium', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let smtp: SMTPServer;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  const problems: string[] = [];

  before(async () => {
    redis = await startTestRedis();
    // E-mail on, so the contact form shows (and axe checks) its e-mail field.
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (s, _session, cb) => s.resume().on('end', () => cb()) });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    hub = await startTestHub(redis.url, { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
    browser = await launchBrowser();
    // The neutral page, without leaving the machine.
    await browser.context.route(`${NEUTRAL}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Google</title><p>neutral</p>' }),
    );
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await redis?.stop();
  });

  async function openChat(): Promise<Page> {
    const page = await browser.context.newPage();
    recordPageProblems(page, problems);
    await page.goto(hub.url);
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    return page;
  }

  const violations = (page: Page) => axeViolations(page);

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#input', text);
    await page.click('#send');
    await page.locator('#messages .msg[data-from="citizen"]', { hasText: text }).waitFor();
  }

  it('offers a red "Quitter et effacer" first in the keyboard order, and passes axe', async () => {
    const page = await openChat();
    const button = page.getByRole('button', { name: 'Quitter et effacer' });
    expect(await button.isVisible()).to.equal(true);
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).to.equal('rgb(206, 5, 0)');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('quick-exit');
    expect(await violations(page)).to.deep.equal([]);
    await page.close();
  });

  it('erases the conversation, empties storage and leaves for a neutral page that replaces the chat in the history', async () => {
    const page = await openChat();
    await say(page, WORDS);
    const id = await page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id as string);
    expect(await everythingIn(hub.app.ctx.redis)).to.include('Kerbrat-Zyxwv');
    const historyBefore = await page.evaluate(() => history.length);

    await page.getByRole('button', { name: 'Quitter et effacer' }).click();
    await page.waitForURL(NEUTRAL);
    expect(await page.evaluate(() => history.length)).to.equal(historyBefore); // replaced, not added

    expect(await hub.app.ctx.store.get(id)).to.equal(undefined);
    expect(await everythingIn(hub.app.ctx.redis)).not.to.include('Kerbrat-Zyxwv');
    // Back on the hub's origin in the same tab (a file with no script, so nothing new is opened).
    await page.goto(`${hub.url}/chat.css`);
    expect(await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }))).to.deep.equal({ session: 0, local: 0 });
    await page.close();
  });

  it('leaves the same way on Escape pressed twice', async () => {
    const page = await openChat();
    await say(page, `${WORDS} encore`);
    const id = await page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id as string);
    await page.locator('#input').press('Escape');
    await page.locator('#input').press('Escape');
    await page.waitForURL(NEUTRAL);
    expect(await hub.app.ctx.store.get(id)).to.equal(undefined);
    expect(await everythingIn(hub.app.ctx.redis)).not.to.include('Kerbrat-Zyxwv');
    await page.close();
  });

  /** A console logged in as a new agent; `prepare` runs on its page before it loads (routes). */
  async function openConsole(name: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    await hub.app.ctx.accounts.add(name, 'correct horse battery', 'agent');
    const agent = await browser.context.newPage();
    agent.on('pageerror', (e) => problems.push(`console: ${e.message}`));
    await prepare?.(agent);
    await agent.goto(`${hub.url}/console`);
    await agent.fill('#username', name);
    await agent.fill('#password', 'correct horse battery');
    await agent.click('#login');
    await agent.locator('#tabs:not([hidden])').waitFor();
    return agent;
  }

  /** A citizen who asked for an agent; their conversation's id. */
  async function queuedCitizen(): Promise<{ page: Page; id: string }> {
    const page = await openChat();
    await say(page, 'je voudrais parler à un policier au sujet de Kerbrat-Zyxwv');
    await page.locator('#messages .msg[data-from="system"]').first().waitFor();
    const id = await page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id as string);
    return { page, id };
  }

  async function quickExit(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Quitter et effacer' }).click();
    await page.waitForURL(NEUTRAL);
  }

  /** Holds the console's readings of one conversation (GET) until `release`. */
  async function holdReadings(agent: Page, id: string): Promise<{ release: () => Promise<number> }> {
    const held: Array<() => Promise<void>> = [];
    const path = `/api/v1/agent/conversations/${id}`;
    await agent.route(
      (url) => url.pathname === path,
      (route) => void held.push(() => route.continue()),
    );
    return {
      release: async () => {
        const answered = agent.waitForResponse((r) => new URL(r.url()).pathname === path);
        await agent.unroute((url) => url.pathname === path);
        for (const go of held.splice(0)) await go();
        const response = await answered;
        await response.finished();
        return response.status();
      },
    };
  }

  const ERASED = 'Le citoyen a quitté et effacé la conversation';

  it('shows the agent previewing it only that the citizen left and erased the conversation', async () => {
    const agent = await openConsole('bob');
    const { page, id } = await queuedCitizen();
    await agent.locator(`#queue-list .queue-item[data-id="${id}"] .qi-summary`).click();
    await agent.locator('#conv-messages .msg', { hasText: 'Kerbrat-Zyxwv' }).waitFor();

    await quickExit(page);
    await agent.locator('#conv-messages', { hasText: ERASED }).waitFor();
    expect(await agent.locator('#conv-messages').innerText()).not.to.include('Kerbrat');
    await agent.locator(`#queue-list .queue-item[data-id="${id}"]`).waitFor({ state: 'detached' }); // out of the queue
    await page.close();
    await agent.close();
  });

  // Whichever the console hears first: that it was erased, or a reading that finds it gone (404).
  it('keeps the erased notice when a reading answered 404 comes after it', async () => {
    const agent = await openConsole('carol');
    const { page, id } = await queuedCitizen();
    const reading = await holdReadings(agent, id); // the panel's summary, asked for when it opens
    await agent.locator(`#queue-list .queue-item[data-id="${id}"] .qi-summary`).click();
    await agent.locator('#conv-messages .msg', { hasText: 'Kerbrat-Zyxwv' }).waitFor();

    await quickExit(page);
    await agent.locator('#conv-messages', { hasText: ERASED }).waitFor();
    expect(await reading.release()).to.equal(404);
    await agent.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0))); // the answer's handler has run
    expect(await agent.locator('#conv-messages').innerText()).to.include(ERASED);
    expect(await agent.locator('#conv-empty').isHidden()).to.equal(true);
    await page.close();
    await agent.close();
  });

  it('shows the panel again, erased, when the notice comes after a 404 closed it', async () => {
    let holding = true;
    const heldFrames: Array<string | Buffer> = [];
    let toPage: ((frame: string | Buffer) => void) | undefined;
    let erasedHeld: () => void = () => {};
    const erasedArrived = new Promise<void>((resolve) => (erasedHeld = resolve));
    const agent = await openConsole('dave', (p) =>
      p.routeWebSocket(/\/api\/v1\/agent\/socket$/, (ws) => {
        const server = ws.connectToServer();
        toPage = (frame) => ws.send(frame);
        server.onMessage((frame) => {
          if (!holding || !String(frame).includes('"type":"erased"')) return ws.send(frame);
          heldFrames.push(frame);
          erasedHeld();
        });
      }),
    );
    const { page, id } = await queuedCitizen();
    const reading = await holdReadings(agent, id);
    await agent.locator(`#queue-list .queue-item[data-id="${id}"] .qi-summary`).click();
    await agent.locator('#conv-messages .msg', { hasText: 'Kerbrat-Zyxwv' }).waitFor();

    await quickExit(page);
    expect(await reading.release()).to.equal(404);
    await agent.locator('#conv-empty').waitFor(); // closed: "no longer accessible"
    await erasedArrived;
    holding = false;
    for (const frame of heldFrames.splice(0)) toPage?.(frame);
    await agent.locator('#conv-messages', { hasText: ERASED }).waitFor();
    expect(await agent.locator('#conv-messages').innerText()).not.to.include('Kerbrat');
    await page.close();
    await agent.close();
  });

  it('sends a written request from the contact form and shows the follow-up code', async () => {
    const page = await openChat();
    await page.getByRole('button', { name: 'Écrire un message' }).click();
    const dialog = page.getByRole('dialog', { name: 'Écrire un message' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('contact-text');
    expect(await page.locator('#contact-email').isVisible()).to.equal(true); // the hub can send e-mail
    expect(await violations(page)).to.deep.equal([]);

    await page.click('#contact-send');
    expect(await page.locator('#contact-error').innerText()).to.include('Écrivez votre message');
    expect(await page.locator('#contact-text').getAttribute('aria-invalid')).to.equal('true');
    await page.fill('#contact-text', 'Je voudrais savoir où en est ma plainte Kerbrat-Qwv, je ne peux pas attendre.');
    await page.fill('#contact-email', 'pas une adresse');
    await page.click('#contact-send');
    expect(await page.locator('#contact-error').innerText()).to.include("n'est pas valide");
    await page.fill('#contact-email', 'camille@example.org');
    await page.click('#contact-send');
    await page.locator('#contact-done').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('contact-done-title');
    const code = await page.locator('#contact-code').innerText();
    expect(code.replace(/[^A-Z0-9]/g, '')).to.have.length.of.at.least(10);
    expect(await page.locator('#contact-done-email').isVisible()).to.equal(true);
    expect(await violations(page)).to.deep.equal([]);

    await hub.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    const queued = (await call(`${hub.url}/api/v1/agent/queue`, { token: agent })).body.waiting;
    expect(queued.some((w: any) => w.channel === 'contact' && /Kerbrat-Qwv/.test(w.summary))).to.equal(true);
    // Nothing of the request stays in the page's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    for (const trace of ['Kerbrat', 'camille', code]) expect(stored).not.to.include(trace);

    await page.click('#contact-close');
    expect(await dialog.isVisible()).to.equal(false);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('contact-open');
    await page.close();
  });

  it('ran without page errors or CSP violations', () => {
    expect(problems).to.deep.equal([]);
  });
});
