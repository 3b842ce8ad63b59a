/** The agents' console in real headless Chromium: two agents, a supervisor and three API citizens.
 * Urgent first in the DOM, one winner for a simultaneous claim, markup shown as text, typing both ways,
 * internal notes, transfer with history, close with an outcome, live supervisor figures, roles. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { call, startTestHub, waitForMessage, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PASSWORD = 'correct horse battery';
const MARKUP = '<img src=x onerror=alert(1)>';
const URGENT = `${MARKUP} Au secours, il me frappe en ce moment, il a un couteau`;

describe("agents' console in Chromium", function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  const pages: Record<string, Page> = {};
  const errors: string[] = [];
  const citizens: { id: string; token: string }[] = [];
  let winner: string;
  let loser: string;

  before(async () => {
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { ROUTING_MODE: 'pick' });
    for (const [name, role] of [
      ['alice', 'agent'],
      ['bob', 'agent'],
      ['sam', 'supervisor'],
      ['eddie', 'editor'],
    ] as const) {
      await hub.app.ctx.accounts.add(name, PASSWORD, role);
    }
    browser = await launchBrowser();
    for (const name of ['alice', 'bob', 'sam']) {
      const page = await browser.context.newPage();
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      page.on('dialog', (d) => {
        errors.push(`${name}: unexpected ${d.type()} dialog`);
        void d.dismiss();
      });
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.goto(`${hub.url}/console${name === 'sam' ? '#supervisor' : ''}`);
      await page.fill('#username', name);
      await page.fill('#password', PASSWORD);
      await page.click('#login');
      await page.locator('#tabs:not([hidden])').waitFor();
      pages[name] = page;
    }
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
  });

  async function handOff(text: string): Promise<{ id: string; token: string }> {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text } });
    await waitForMessage(hub.url, body.id, body.token, (m) => m.from === 'system' && /position \d+/.test(m.text));
    return body;
  }
  const queueOrder = (page: Page) => page.locator('#queue-list .queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  const kpi = (key: string) => pages.sam.locator(`[data-kpi="${key}"] .kpi-value`);

  it('shows the urgent citizen who arrived last at the top of the queue, markup as text', async () => {
    citizens.push(await handOff('je voudrais parler à un policier'));
    citizens.push(await handOff("je voudrais parler à un agent, c'est pour une plainte"));
    citizens.push(await handOff(URGENT));
    const [first, second, urgent] = citizens;
    for (const page of [pages.alice, pages.bob]) {
      await page.waitForFunction((n) => document.querySelectorAll('#queue-list .queue-item').length === n, 3);
      expect(await queueOrder(page)).to.deep.equal([urgent.id, first.id, second.id]);
      expect(await page.locator('#queue-list .queue-item').first().getAttribute('class')).to.include('urgent');
      expect(await page.locator('#queue-list .queue-item').first().innerText()).to.include(MARKUP);
      expect(await page.locator('#queue-list img').count()).to.equal(0);
    }
    await pages.sam.waitForFunction(() => document.querySelector('[data-kpi="waiting"] .kpi-value')?.textContent === '3');
  });

  it('gives a conversation claimed by two agents at once to exactly one of them', async () => {
    const id = citizens[2].id;
    // Hold both buttons first: each click goes out even if a queue update removes the row meanwhile.
    const buttons = await Promise.all([pages.alice, pages.bob].map((p) => p.locator(`#queue-list .queue-item[data-id="${id}"] .claim`).elementHandle()));
    await Promise.all(buttons.map((b) => b!.evaluate((el) => (el as HTMLButtonElement).click())));
    await waitUntil(async () => (await hub.app.ctx.store.get(id))?.mode === 'agent');
    winner = (await hub.app.ctx.store.get(id))!.agent!;
    loser = winner === 'alice' ? 'bob' : 'alice';
    await pages[winner].locator(`#mine .mine-item[data-id="${id}"]`).waitFor();
    await pages[loser].locator('#notice', { hasText: 'un autre agent a déjà pris' }).waitFor();
    expect(await pages[loser].locator(`#mine .mine-item[data-id="${id}"]`).count()).to.equal(0);
    const audit = (await hub.app.ctx.console.audit.list()).filter((e) => e.action === 'claim' && e.conversation === id);
    expect(audit.map((e) => e.actor)).to.deep.equal([winner]);
  });

  it('streams the conversation with its triage summary, relays typing both ways and keeps notes internal', async () => {
    const page = pages[winner];
    const citizen = citizens[2];
    await page.locator('#conv-messages .msg[data-from="citizen"]').first().waitFor();
    expect(await page.locator('#conv-messages .msg[data-from="bot"]').count()).to.be.greaterThan(0);
    expect(await page.locator('#conv-messages .msg[data-from="citizen"]').first().innerText()).to.include(MARKUP);
    expect(await page.locator('#conv-messages img').count()).to.equal(0);
    expect(await page.locator('#fact-urgent').innerText()).to.equal('URGENT');
    expect(await page.locator('#fact-channel').innerText()).to.equal('API');
    expect(await page.locator('#fact-locale').innerText()).to.equal('fr');

    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/api/v1/conversations/${citizen.id}/socket`);
    const frames: any[] = [];
    socket.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => socket.once('open', r));
    const after = (await call(`${hub.url}/api/v1/conversations/${citizen.id}/messages`, { token: citizen.token })).body.messages.at(-1).seq;
    socket.send(JSON.stringify({ type: 'auth', token: citizen.token, after }));
    await waitUntil(() => frames.some((f) => f.type === 'messages'));
    socket.send(JSON.stringify({ type: 'typing' }));
    await page.locator('#citizen-typing:not([hidden])').waitFor();

    await page.locator('#reply-input').pressSequentially('Bonjour, ');
    await waitUntil(() => frames.some((f) => f.type === 'typing' && f.from === 'agent'));
    await page.locator('#reply-input').pressSequentially('je suis le policier de permanence.');
    await page.keyboard.press('Enter');
    await waitUntil(() => frames.some((f) => f.type === 'messages' && f.messages.some((m: any) => m.from === 'agent' && /permanence/.test(m.text))));

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('n');
    await page.locator('#reply-input').fill('Note : victime jointe, le 17 est prévenu');
    await page.keyboard.press('Enter');
    await page.locator('#conv-messages .msg--internal', { hasText: 'le 17 est prévenu' }).waitFor();
    socket.close();
    const seen = (await call(`${hub.url}/api/v1/conversations/${citizen.id}/messages`, { token: citizen.token })).body.messages;
    expect(seen.some((m: any) => /le 17 est prévenu/.test(m.text))).to.equal(false);
    expect(frames.some((f) => f.type === 'messages' && f.messages.some((m: any) => m.internal))).to.equal(false);
  });

  it('transfers with a note; the colleague gets the whole history', async () => {
    const page = pages[winner];
    await page.keyboard.press('Escape'); // leave the reply box: letters are shortcuts again
    await page.keyboard.press('t');
    await page.locator('#transfer-dialog[open]').waitFor();
    await page.selectOption('#transfer-to', loser);
    await page.fill('#transfer-note', 'Suivi des faits de violence, adresse à confirmer');
    await page.click('#transfer-submit');
    await page.locator('#conv-empty:not([hidden])').waitFor();
    const other = pages[loser];
    await other.locator(`#mine .mine-item[data-id="${citizens[2].id}"]`).waitFor();
    await other.locator('#conv-messages .msg--internal', { hasText: 'adresse à confirmer' }).waitFor();
    for (const text of ['Au secours', 'permanence', 'le 17 est prévenu']) {
      expect(await other.locator('#conv-messages .msg', { hasText: text }).count(), text).to.be.greaterThan(0);
    }
    expect(await other.locator('#conv-messages img').count()).to.equal(0);
  });

  it('closes with an outcome; the citizen gets the survey and the supervisor the new figures', async () => {
    const page = pages[loser];
    const citizen = citizens[2];
    await page.locator('#conv-close:not([disabled])').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('x');
    await page.locator('#close-dialog[open]').waitFor();
    await page.keyboard.press('4');
    await page.click('#close-submit');
    await waitForMessage(hub.url, citizen.id, citizen.token, (m) => m.choices?.some((c: any) => c.id === 'survey.5'));
    await call(`${hub.url}/api/v1/conversations/${citizen.id}/messages`, { token: citizen.token, body: { choice: 'survey.5' } });
    await pages.sam.waitForFunction(() => document.querySelector('[data-kpi="handled"] .kpi-value')?.textContent === '1');
    await pages.sam.waitForFunction(() => /^5 \/ 5$/.test(document.querySelector('[data-kpi="satisfaction"] .kpi-value')?.textContent ?? ''));
    expect(await kpi('waiting').innerText()).to.equal('2');
    expect(await pages.sam.locator('#chart svg rect.bar').count()).to.equal(24);
    expect((await hub.app.ctx.store.get(citizen.id))?.outcome).to.equal('emergency_referred');
    const audit = await hub.app.ctx.console.audit.list();
    const actions = audit.filter((e) => e.conversation === citizen.id).map((e) => e.action);
    expect(actions).to.include.members(['claim', 'read', 'reply', 'note', 'transfer', 'close']);
    expect(JSON.stringify(audit)).not.to.match(/permanence|prévenu|adresse/);
  });

  it("lets a supervisor see and transfer anyone's conversation, and an agent only their own", async () => {
    const token = async (username: string) => (await call(`${hub.url}/api/v1/agent/session`, { body: { username, password: PASSWORD } })).body.token;
    const [alice, sam] = [await token('alice'), await token('sam')];
    const id = citizens[0].id;
    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: alice })).status).to.equal(200);
    const moved = await call(`${hub.url}/api/v1/agent/conversations/${id}/transfer`, { token: sam, body: { to: 'bob', note: 'Bob connaît le dossier' } });
    expect(moved.body).to.deep.equal({ status: 'transferred', to: 'bob' });
    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/transfer`, { token: alice, body: {} })).status).to.equal(404);
    await pages.sam.click('.tab[data-tab="desk"]');
    await pages.sam.check('#scope-all');
    await pages.sam.locator(`#mine .mine-item[data-id="${id}"]`, { hasText: 'agent : bob' }).waitFor();
    await pages.bob.locator(`#mine .mine-item[data-id="${id}"]`).waitFor();
  });

  it('shows the shortcuts with "?" and keeps editors away from conversations', async () => {
    await pages.alice.locator('body').click({ position: { x: 5, y: 300 } });
    await pages.alice.keyboard.press('?');
    await pages.alice.locator('#help-dialog[open]').waitFor();
    expect(await pages.alice.locator('#help-dialog').innerText()).to.include('Réponses types');
    await pages.alice.keyboard.press('Escape');

    const editor = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'eddie', password: PASSWORD } })).body.token;
    expect((await call(`${hub.url}/api/v1/agent/canned`, { token: editor })).status).to.equal(200);
    expect((await call(`${hub.url}/api/v1/agent/content`, { token: editor })).status).to.equal(200);
    for (const [path, method] of [
      ['/queue', 'GET'],
      [`/conversations/${citizens[0].id}/messages`, 'GET'],
      [`/conversations/${citizens[0].id}/claim`, 'POST'],
      ['/stats', 'GET'],
      ['/audit', 'GET'],
    ]) {
      const res = await call(`${hub.url}/api/v1/agent${path}`, { token: editor, method });
      expect(res.status, path).to.equal(403);
      expect(res.body.error.code).to.equal('forbidden');
    }
    expect(errors).to.deep.equal([]);
  });
});

async function waitUntil(test: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
