/** A message sent while Redis is away (restarting, or a Sentinel failover refusing a write it cannot
 * confirm) is kept by the widget and sent again on its own, not shown as failed: the hub says
 * `unavailable` over the socket, as it answers 503 over HTTP. A refused write may have been stored:
 * the widget sends it again under the same idempotency key, and the hub keeps one copy. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { refusingConfirmation } from '../helpers/refusing-confirmation.js';
import { until } from '../helpers/until.js';

describe('web chat widget while Redis restarts', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  let page: Page;
  let redisDown = false;

  before(async () => {
    redis = await startTestRedis({ appendonly: true });
    hub = await startTestHub(redis.url);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    // A hub stops with its Redis there (a failed test may have left it killed).
    if (redisDown) await redis.restart();
    await hub?.stop();
    await redis?.stop();
  });

  it('sends the message again once Redis is back, and never marks it failed', async () => {
    // The widget's socket frames, to know when the hub has refused the message.
    const errorFrames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => void (String(payload).includes('"error"') && errorFrames.push(String(payload)))));
    await page.goto(hub.url);
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    const botBefore = await page.locator('#messages .msg[data-from="bot"]').count();
    await redis.kill('SIGKILL');
    redisDown = true;
    await page.fill('#input', 'comment faire une procuration ?');
    await page.click('#send');
    const failed = page.locator('#messages .msg.failed');
    // The hub refuses once its Redis client gives up on the command (a few reconnection attempts).
    await until(() => errorFrames.length > 0, 'the refusal', 20_000, 20);
    expect(JSON.parse(errorFrames[0]!).error.code).to.equal('unavailable');
    await redis.restart();
    redisDown = false;
    await page.locator('#messages .msg[data-from="citizen"]:not(.pending)').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelectorAll('#messages .msg[data-from="bot"]').length > n, botBefore, { timeout: 30_000 });
    expect(await failed.count()).to.equal(0);
    expect(await page.locator('#messages .msg[data-from="citizen"]').count()).to.equal(1);
  });
});

describe('web chat widget when a stored message is refused (a failover the hub could not be sure of)', function () {
  this.timeout(60_000);
  const confirmation = refusingConfirmation();
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  let page: Page;

  before(async () => {
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, {}, { confirmWrite: confirmation.confirmWrite });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
  });

  it('sends it again under the same key: one message stored, one bubble, answered', async () => {
    const text = 'comment faire une procuration ?';
    const errorFrames: string[] = [];
    // The stored copy's transcript frame is lost, as when the hub's subscription was on the old primary:
    // the widget cannot see that its message was stored, and sends it again after the refusal.
    let dropped = 0;
    await relayHubFrames(page, (raw) => {
      if (raw.includes('"error"')) errorFrames.push(raw);
      if (dropped === 0 && raw.includes('"type":"messages"') && raw.includes(text)) return void dropped++;
      return raw;
    });
    await page.goto(hub.url);
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    const botBefore = await page.locator('#messages .msg[data-from="bot"]').count();
    confirmation.refuseNext(1);
    await page.fill('#input', text);
    await page.click('#send');
    await until(() => errorFrames.length > 0, 'the refusal', 20_000, 20);
    expect(JSON.parse(errorFrames[0]!).error.code).to.equal('unavailable');
    // The stored copy's frame comes over the hub's subscription, the refusal over the command's reply:
    // under load the refusal may reach the page first, so the drop is waited for, not assumed done.
    await until(() => dropped === 1, "the stored copy's transcript frame, dropped", 20_000, 20);
    await page.locator('#messages .msg[data-from="citizen"]:not(.pending)').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelectorAll('#messages .msg[data-from="bot"]').length > n, botBefore, { timeout: 30_000 });
    // The conversation the widget follows, as it keeps it (session.js).
    const { id, token } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}'));
    const stored = (await call(`${hub.url}/api/v1/conversations/${id}/messages`, { token })).body.messages;
    expect(stored.filter((m: { from: string }) => m.from === 'citizen')).to.have.length(1);
    expect(await page.locator('#messages .msg[data-from="citizen"]').count()).to.equal(1);
    expect(await page.locator('#messages .msg.failed').count()).to.equal(0);
  });

  it('keeps the key when the citizen taps Retry after an internal error on a stored message', async () => {
    const page = await browser.context.newPage(); // a tab of its own: its own conversation, no earlier route
    const text = 'je veux signaler un vol de vélo';
    // The hub stored the message but its ack was lost to an `internal` error, and its transcript frame
    // never came: the widget shows it failed, with Retry. Retry sends what may already be stored.
    // The frame and the ack race (subscription against the write's reply): each is caught whichever comes first.
    let replaced = 0;
    let dropped = 0;
    await relayHubFrames(page, (raw) => {
      if (dropped === 0 && raw.includes('"type":"messages"') && raw.includes(text)) return void dropped++;
      if (replaced === 0 && raw.includes('"type":"ack"')) {
        replaced++;
        const { ref } = JSON.parse(raw);
        return JSON.stringify({ type: 'error', ref, error: { code: 'internal', message: 'internal error' } });
      }
      return raw;
    });
    await page.goto(hub.url);
    await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
    await page.fill('#input', text);
    await page.click('#send');
    await page.locator('#messages .msg.failed button.retry').click();
    await page.locator('#messages .msg[data-from="citizen"]:not(.pending):not(.failed)').first().waitFor({ timeout: 30_000 });
    const { id, token } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('relais.conversation') ?? '{}'));
    const stored = (await call(`${hub.url}/api/v1/conversations/${id}/messages`, { token })).body.messages;
    expect(stored.filter((m: { from: string }) => m.from === 'citizen')).to.have.length(1);
    expect(await page.locator('#messages .msg[data-from="citizen"]').count()).to.equal(1);
  });
});

/** Relays the page's chat socket to the hub, passing each hub frame through `edit`: what it returns
 * reaches the page, nothing drops the frame (a frame lost, as when a subscription was on the old primary). */
async function relayHubFrames(page: Page, edit: (raw: string) => string | undefined): Promise<void> {
  await page.routeWebSocket(/\/socket$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => server.send(frame));
    server.onMessage((frame) => {
      const out = edit(String(frame));
      if (out !== undefined) ws.send(out);
    });
  });
}
