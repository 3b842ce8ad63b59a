/** Acceptance 3: the citizen journey in the web widget, in real headless Chromium, with an agent
 * answering through the API and the socket resuming after a disconnect. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

describe('web chat widget in Chromium', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    redis = await startTestRedis();
    hub = await startTestHub(redis.url);
    await hub.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
  });

  const bubbles = (from: string) => page.locator(`#messages .msg[data-from="${from}"]`);

  it('goes from welcome to FAQ answer to an agent and the survey', async () => {
    await page.goto(hub.url);
    await expect(await page.locator('#urgency-banner').innerText()).to.include('17');
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    expect(await bubbles('bot').first().innerText()).to.include('112');
    const entries = page.locator('.choice');
    expect(await entries.count()).to.equal(4);

    await page.locator('.choice[data-choice-id="information"]').click();
    await page.locator('.choice[data-choice-id="attestation"]').click();
    await page.locator('#messages a[href^="https://"]').first().waitFor();

    await page.fill('#input', 'je voudrais parler à un policier');
    await page.click('#send');
    await page.locator('#messages .msg[data-from="system"]').first().waitFor();

    const { id, token } = await page.evaluate(() => {
      for (let i = 0; i < sessionStorage.length; i++) {
        const value = sessionStorage.getItem(sessionStorage.key(i)!)!;
        try {
          const parsed = JSON.parse(value);
          if (parsed.id && parsed.token) return parsed;
        } catch {
          /* not ours */
        }
      }
      return {};
    });
    expect(id).to.be.a('string');
    expect(token).to.be.a('string');
    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    // The widget's conversation is the web chat's, in the queue as everywhere (core issue, finding 3).
    const waiting = (await call(`${hub.url}/api/v1/agent/queue`, { token: agent })).body.waiting.find((w: any) => w.id === id);
    expect(waiting?.channel).to.equal('web');
    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agent })).status).to.equal(200);
    await call(`${hub.url}/api/v1/agent/conversations/${id}/messages`, { token: agent, body: { text: '<img src=x onerror=alert(1)> Bonjour' } });
    await bubbles('agent').first().waitFor();
    expect(await bubbles('agent').first().innerText()).to.include('<img src=x onerror=alert(1)> Bonjour');
    expect(await page.locator('#messages img').count()).to.equal(0);

    // The socket drops; the widget reconnects and resumes from its last seq.
    for (const socket of hub.app.chatSockets.clients) socket.terminate();
    await call(`${hub.url}/api/v1/agent/conversations/${id}/messages`, { token: agent, body: { text: 'Toujours là ?' } });
    await page.locator('#messages .msg[data-from="agent"]', { hasText: 'Toujours là ?' }).waitFor();

    await call(`${hub.url}/api/v1/agent/conversations/${id}/close`, { token: agent, body: { outcome: 'resolved' } });
    await page.locator('.choice[data-choice-id="survey.5"]').click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#messages .msg[data-from="bot"]').length > 0 &&
        /merci/i.test(document.querySelector('#messages .msg[data-from="bot"]:last-of-type')?.textContent ?? ''),
    );
    expect((await hub.app.ctx.stats.snapshot()).satisfaction['5']).to.equal(1);

    // Writing again after the survey opens a new conversation rather than failing.
    const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id);
    await page.fill('#input', 'Une autre question : où est le commissariat ?');
    await page.click('#send');
    await page.waitForFunction((old) => {
      const id = JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id;
      return id && id !== old;
    }, before);
    await page.locator('#messages .msg[data-from="citizen"]', { hasText: 'où est le commissariat' }).and(page.locator('[data-seq]')).waitFor();

    const seqs = await page.locator('#messages .msg').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).to.equal(seqs.length);
    expect(errors).to.deep.equal([]);
  });

  it('asks "are you in danger right now?" on a possible danger, with Yes / No buttons; Yes puts the conversation first, urgent', async () => {
    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    // Someone waits already (not urgent), through the API.
    const other = (await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
    await call(`${hub.url}/api/v1/conversations/${other.id}/messages`, { token: other.token, body: { text: 'je voudrais parler à un policier' } });

    const fresh = await browser.context.newPage();
    fresh.on('pageerror', (e) => errors.push(e.message));
    await fresh.goto(hub.url);
    await fresh.locator('#messages .msg[data-from="bot"]').first().waitFor();
    await fresh.fill('#input', "Mon voisin âgé n'a pas ouvert ses volets depuis trois jours");
    await fresh.click('#send');
    const question = fresh.locator('#messages .msg[data-from="bot"]', { hasText: 'Êtes-vous en danger en ce moment ?' });
    await question.waitFor();
    expect(await question.innerText())
      .to.include('17')
      .and.include('112');
    const yes = fresh.locator('.choice[data-choice-id="danger.yes"]');
    expect(await yes.innerText()).to.equal('Oui');
    expect(await fresh.locator('.choice[data-choice-id="danger.no"]').innerText()).to.equal('Non');
    await yes.click();
    const id = await fresh.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id);
    let waiting: { id: string; urgent: boolean }[] = [];
    for (let i = 0; i < 200 && waiting[0]?.id !== id; i++) {
      waiting = (await call(`${hub.url}/api/v1/agent/queue`, { token: agent })).body.waiting;
      if (waiting[0]?.id !== id) await fresh.waitForTimeout(50);
    }
    expect(waiting[0]).to.include({ id, urgent: true });
    expect(waiting.map((w) => w.id)).to.include(other.id);
    await fresh.close();
    expect(errors).to.deep.equal([]);
  });
});
