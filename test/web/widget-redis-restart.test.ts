/** A message sent while Redis is away (restarting, or a Sentinel failover refusing a write it cannot
 * confirm) is kept by the widget and sent again on its own, not shown as failed: the hub says
 * `unavailable` over the socket, as it answers 503 over HTTP. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
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
