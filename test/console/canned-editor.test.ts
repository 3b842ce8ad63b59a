/** Canned answers in real headless Chromium (issue 14): an editor saves one answer from the content
 * view (and sees a refused change's file:line problems); an agent's picker offers the answers of the
 * conversation's language by category and inserts one with its variables filled. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { CONTENT_DIR, call, copyContent, startTestHub, type TestHub, waitForMessage } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PASSWORD = 'correct horse battery';

describe('canned answers in the console (Chromium)', function () {
  this.timeout(60_000);
  let dir: string;
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-canned-ui-'));
    copyContent(CONTENT_DIR, dir);
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { CONTENT_DIR: dir, ROUTING_MODE: 'pick' });
    await hub.app.ctx.accounts.add('eve', PASSWORD, 'editor');
    await hub.app.ctx.accounts.add('julie', PASSWORD, 'agent', { display: 'Gendarme Julie' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function logIn(name: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${hub.url}/console`);
    await page.fill('#username', name);
    await page.fill('#password', PASSWORD);
    await page.click('#login');
    await page.locator('#tabs:not([hidden])').waitFor();
    return page;
  }

  it('lets an editor change one answer and save it, and shows a refusal with its lines', async () => {
    const page = await logIn('eve');
    await page.locator('#canned-editor:not([hidden]) #canned-editor-pick').waitFor();
    await page.locator('#canned-editor-pick').selectOption('urgence');
    expect(await page.locator('#canned-editor-category').inputValue()).to.equal('Urgence');
    const changed = 'En danger maintenant : appelez le 17 ou le 112, ou envoyez un SMS au 114.';
    await page.locator('#canned-editor-text-fr').fill(changed);
    await page.click('#canned-editor-save');
    await page.locator('#canned-editor-status', { hasText: 'Enregistré' }).waitFor();

    const { body } = await call(`${hub.url}/api/v1/agent/canned`, {
      token: (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'eve', password: PASSWORD } })).body.token,
    });
    const saved = body.canned.find((c: any) => c.id === 'urgence');
    expect(saved.text.fr).to.equal(changed);
    expect(saved.text.en).to.match(/^If you are in danger now/); // the other languages kept
    expect(readFileSync(join(dir, 'knowledge/canned.yaml'), 'utf8')).to.include(changed);

    // A variable the hub does not fill: refused, with the file's line, and nothing changes.
    await page.locator('#canned-editor-text-fr').fill('Votre numéro de dossier : {{dossier}}');
    await page.click('#canned-editor-save');
    await page.locator('#canned-editor-problems li').first().waitFor();
    expect(await page.locator('#canned-editor-problems li').first().innerText()).to.match(
      /^knowledge\/canned\.yaml:\d+: "\{\{dossier\}\}" is not a canned answer variable/,
    );
    expect(readFileSync(join(dir, 'knowledge/canned.yaml'), 'utf8')).to.include(changed);
    expect(await axeViolations(page)).to.deep.equal([]);
    await page.close();
  });

  it("offers an agent the conversation's answers by category and inserts one with the agent's name filled in", async () => {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(hub.url, body.id, body.token, (m) => m.from === 'system' && /position/.test(m.text));
    const page = await logIn('julie');
    await page.locator(`#queue-list .queue-item[data-id="${body.id}"] .claim`).click();
    await page.locator('#reply-input:not([disabled])').waitFor();
    await page.click('#canned-open');
    await page.locator('#canned:not([hidden])').waitFor();
    const groups = await page.locator('#canned-list .canned-group').allInnerTexts();
    expect(groups).to.include.members(['Accueil', 'Orientation', 'Suivi']);
    await page.locator('#canned-search').fill('presentation');
    await page.locator('#canned-search').press('Enter');
    await page.waitForFunction(() => (document.getElementById('reply-input') as HTMLTextAreaElement).value.includes('Gendarme Julie'));
    expect(await page.locator('#reply-input').inputValue()).to.equal('Bonjour, je suis Gendarme Julie, de la plateforme en ligne. Je lis votre message.');
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
