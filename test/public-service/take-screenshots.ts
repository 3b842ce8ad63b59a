/** Takes the README's screenshots of the public-service pages in headless Chromium:
 * `npx tsx test/public-service/take-screenshots.ts` writes docs/widget.png (the chat) and
 * docs/contact-form.png; with DSFR_DIR set to an installed `@gouvfr/dsfr` (docs/theme-dsfr.md), also
 * docs/widget-dsfr.png and docs/help-centre-dsfr.png, and prints axe-core's verdict on them.
 * Not a test; starts its own Redis and hubs. */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { ROOT, startTestHub } from '../helpers/hub.js';
import { startTestRedis } from '../helpers/redis.js';

const redis = await startTestRedis();
const browser = await launchBrowser();

/** The chat's welcome, as a citizen on a phone-sized window first sees it. */
async function openChat(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 480, height: 900 });
  await page.goto(url);
  await page.locator('.choice').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  return page;
}

async function shoot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: resolve(ROOT, 'docs', file), fullPage: false });
  const violations = await axeViolations(page);
  console.log(`docs/${file} written; axe-core: ${violations.length ? violations.join('; ') : 'no violation'}`);
}

try {
  const neutral = await startTestHub(redis.url, { SMTP_URL: 'smtp://127.0.0.1:2525' });
  try {
    const chat = await openChat(neutral.url);
    await shoot(chat, 'widget.png');
    await chat.getByRole('button', { name: 'Écrire un message' }).click();
    await chat.locator('#contact-text').fill('Bonjour, je voudrais savoir où en est ma plainte déposée le 3 novembre.');
    await shoot(chat, 'contact-form.png');
  } finally {
    await neutral.stop();
  }
  if (process.env.DSFR_DIR) {
    const dsfr = await startTestHub(redis.url, { WIDGET_THEME: 'dsfr', DSFR_DIR: process.env.DSFR_DIR });
    try {
      await shoot(await openChat(dsfr.url), 'widget-dsfr.png');
      const help = await browser.context.newPage();
      await help.setViewportSize({ width: 1100, height: 900 });
      await help.goto(`${dsfr.url}/aide?q=${encodeURIComponent('perdu passport')}&lang=fr`);
      await help.evaluate(() => document.fonts.ready);
      await shoot(help, 'help-centre-dsfr.png');
    } finally {
      await dsfr.stop();
    }
  } else console.log('DSFR_DIR unset: docs/widget-dsfr.png left as it is (docs/theme-dsfr.md)');
} finally {
  await browser.close();
  await redis.stop();
}
// The hubs' mail transport may keep a retry timer alive: the script is done.
process.exit(0);
