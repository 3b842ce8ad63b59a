/** Takes the README's screenshot of the help centre (docs/help-centre.png) in headless Chromium:
 * `npx tsx test/help/take-screenshot.ts`. Not a test; starts its own Redis and hub. */
import { resolve } from 'node:path';
import { launchBrowser } from '../helpers/browser.js';
import { ROOT, startTestHub } from '../helpers/hub.js';
import { startTestRedis } from '../helpers/redis.js';

const redis = await startTestRedis();
const hub = await startTestHub(redis.url);
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${hub.url}/aide?q=${encodeURIComponent('perdu passport')}&lang=fr`);
  await page.screenshot({ path: resolve(ROOT, 'docs/help-centre.png'), fullPage: false });
  console.log('docs/help-centre.png written');
} finally {
  await browser.close();
  await hub.stop();
  await redis.stop();
}
