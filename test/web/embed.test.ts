/** The chat bubble on another site's page, in real headless Chromium: a page served by a second HTTP
 * server on loopback (its origin listed in WIDGET_ORIGINS) loads widget.js, the bubble opens the
 * chat in a frame with the keyboard and the welcome shows; a page of an origin not listed cannot
 * frame the chat (CSP frame-ancestors). */
import { expect } from 'chai';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { type EmbeddingSite, startEmbeddingSite } from '../helpers/site.js';

describe('the chat bubble embedded in another site', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let hub: TestHub;
  let listed: EmbeddingSite;
  let unlisted: EmbeddingSite;
  let browser: LaunchedBrowser;

  before(async () => {
    listed = await startEmbeddingSite(() => hub.url);
    unlisted = await startEmbeddingSite(() => hub.url);
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { WIDGET_ORIGINS: `https://www.example.gouv.fr, ${listed.origin}` });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
    await listed?.close();
    await unlisted?.close();
  });

  it('lets the listed origins, and only them, frame the chat page', async () => {
    const csp = (await fetch(`${hub.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).to.include(`frame-ancestors 'self' https://www.example.gouv.fr ${listed.origin}`);
    expect((await fetch(`${hub.url}/console`)).headers.get('content-security-policy')).to.match(/frame-ancestors 'self'$/);
    const script = await fetch(`${hub.url}/widget.js`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.match(/^text\/javascript/);
  });

  it('opens the chat from the bubble with the keyboard; the welcome shows; Escape closes it', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(listed.origin);
    const bubble = page.locator('#relais-bubble');
    await bubble.waitFor();
    expect(await bubble.getAttribute('aria-expanded')).to.equal('false');
    expect(await bubble.getAttribute('aria-label')).to.equal('Contacter la police ou la gendarmerie par tchat');
    expect(await page.locator('#relais-frame').isHidden()).to.equal(true);

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('relais-bubble');
    await page.keyboard.press('Enter');
    expect(await bubble.getAttribute('aria-expanded')).to.equal('true');
    expect(await page.locator('#relais-frame').isVisible()).to.equal(true);
    const chat = page.frameLocator('#relais-frame');
    await chat.locator('#messages .msg[data-from="bot"]').first().waitFor();
    expect(await chat.locator('#messages .msg[data-from="bot"]').first().innerText()).to.include('Bonjour, vous êtes sur le tchat');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    expect(await page.locator('#relais-frame').isHidden()).to.equal(true);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('relais-bubble');
    expect(await bubble.getAttribute('aria-expanded')).to.equal('false');
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('is refused in a page of an origin not listed (frame-ancestors)', async () => {
    const page = await browser.context.newPage();
    const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
    await page.goto(unlisted.origin);
    await page.locator('#relais-bubble').click();
    expect((await refused).text()).to.include(hub.url);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(
      await frame
        ?.locator('#messages')
        .count()
        .catch(() => 0),
    ).to.equal(0);
    await page.close();
  });
});
