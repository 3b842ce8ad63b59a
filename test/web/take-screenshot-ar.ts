/** Takes the README's screenshot of the web chat in Arabic (docs/widget-ar.png) in headless Chromium:
 * `npx tsx test/web/take-screenshot-ar.ts`. Not a test; starts its own Redis and hub. */
import { resolve } from 'node:path';
import { launchBrowser } from '../helpers/browser.js';
import { ROOT, startTestHub } from '../helpers/hub.js';
import { startTestRedis } from '../helpers/redis.js';

const redis = await startTestRedis();
const hub = await startTestHub(redis.url);
const browser = await launchBrowser({ locale: 'ar' });
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 480, height: 900 });
  await page.goto(hub.url);
  await page.locator('.language-picker:not([hidden])').waitFor();
  await page.locator('.choice[data-choice-id="information"]').click();
  await page.locator('.choice').first().waitFor();
  await page.fill('#input', 'سُرق هاتفي في المترو، كيف أقدّم شكوى؟');
  await page.click('#send');
  await page.waitForFunction(() => document.querySelectorAll('#messages .msg[data-from="bot"]').length >= 3);
  await page.screenshot({ path: resolve(ROOT, 'docs/widget-ar.png'), fullPage: false });
  console.log('docs/widget-ar.png written');
} finally {
  await browser.close();
  await hub.stop();
  await redis.stop();
}
