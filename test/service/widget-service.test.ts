/** The web chat in real Chromium on the hub's injected clock (a Tuesday night in Paris): the service
 * banner (officers away, when they are back, the announcement in force), the announcement first in
 * the conversation, a hand-off with its follow-up code, and that code resuming the conversation in
 * another tab, where the officer's answer is read. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { testClock } from '../helpers/clock.js';
import { call, ROOT, startTestHub, type TestHub, copyContent } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const NOTICE = 'Mouvement social : délais allongés.';
const CODE = /[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}/;

describe('web chat: service banner and resuming with a follow-up code (Chromium)', function () {
  this.timeout(60_000);
  const clock = testClock(Date.UTC(2026, 11, 1, 21, 30));
  let dir: string;
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-widget-service-'));
    copyContent(ROOT, dir);
    const shipped = readFileSync(join(ROOT, 'flows/service.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'flows/service.yaml'),
      shipped.replace(/^announcements:[\s\S]*$/m, `announcements:\n  - id: strike\n    text: {fr: "${NOTICE}"}\n`),
    );
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { CONTENT_DIR: dir }, { clock });
    await hub.app.ctx.accounts.add('ann', 'correct horse battery', 'agent');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(hub.url);
    return page;
  }

  it('shows the banner, hands off with a code, and resumes in another tab where the answer is read', async () => {
    const first = await open();
    await first.locator('#service-banner:not([hidden])').waitFor();
    expect(await first.locator('#agents-status').innerText()).to.include('mercredi 2 décembre à 08:00');
    expect(await first.locator('#announcements li').innerText()).to.equal(NOTICE);
    await first.locator('#messages .msg[data-from="bot"]').nth(1).waitFor();
    expect(await first.locator('#messages .msg[data-from="bot"]').first().innerText()).to.include(NOTICE);

    await first.fill('#input', 'je voudrais parler à un policier');
    await first.click('#send');
    const handoff = first.locator('#messages .msg[data-from="bot"]', { hasText: 'code de suivi' });
    await handoff.waitFor();
    const text = await handoff.innerText();
    expect(text).to.include('mercredi 2 décembre à 08:00');
    const code = CODE.exec(text)![0];
    const id = await first.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id);

    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'ann', password: 'correct horse battery' } })).body.token;
    await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agent });
    await call(`${hub.url}/api/v1/agent/conversations/${id}/messages`, { token: agent, body: { text: 'Bonjour, ici l’agente Ann.' } });

    // Another tab has its own session: it opens a conversation of its own, then takes this one back.
    const second = await open();
    await second.locator('#messages .msg[data-from="bot"]').first().waitFor();
    await second.click('#resume-chat');
    await second.fill('#resume-code', 'AAAA-BBBB-CCCC');
    await second.click('#resume-submit');
    await second.locator('#resume-error', { hasText: 'Code inconnu' }).waitFor();
    await second.fill('#resume-code', code.toLowerCase());
    await second.click('#resume-submit');
    await second.locator('#messages .msg[data-from="agent"]', { hasText: 'Bonjour, ici l’agente Ann.' }).waitFor();
    expect(await second.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}').id)).to.equal(id);
    expect(await second.locator('#resume-form').isHidden()).to.equal(true);
    expect(errors).to.deep.equal([]);
  });
});
