/** Takes the README's screenshot of the welcome in easy-to-read French (docs/falc-welcome.png) in
 * headless Chromium: `npx tsx test/web/take-screenshot-falc.ts`. Not a test; starts its own Redis and hub. */
import { resolve } from 'node:path';
import { launchBrowser } from '../helpers/browser.js';
import { ROOT, startTestHub } from '../helpers/hub.js';
import { startTestRedis } from '../helpers/redis.js';

const redis = await startTestRedis();
const hub = await startTestHub(redis.url);
const browser = await launchBrowser({ locale: 'fr-FR' });
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 480, height: 1180 });
  await page.goto(hub.url);
  await page.locator('.language-picker:not([hidden])').waitFor();
  await page.locator('#easy-read').click();
  await page.locator('#easy-read[aria-pressed="true"]').waitFor();
  await page.locator('.choice[data-choice-id="read.usual"]').waitFor();
  // The easy-to-read welcome at the top of the view: the usual one above it is scrolled away.
  await page
    .locator('#messages .msg[data-from="bot"]')
    .last()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: resolve(ROOT, 'docs/falc-welcome.png'), fullPage: false });
  console.log('docs/falc-welcome.png written');
} finally {
  await browser.close();
  await hub.stop();
  await redis.stop();
}
