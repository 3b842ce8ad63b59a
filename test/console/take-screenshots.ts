/** Takes the README's screenshots of the console (docs/console.png, docs/console-canned.png), the
 * supervisor view (docs/supervisor.png) and the History view (docs/console-history.png) in headless Chromium at 1280×720, a common agent's screen,
 * with demo data: `npx tsx test/console/take-screenshots.ts`. Not a test; starts its own Redis. */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { zonedDayHour } from '../../src/stats/zoned-time.js';
import { launchBrowser } from '../helpers/browser.js';
import { ROOT, call, startTestHub, waitForMessage, type TestHub } from '../helpers/hub.js';
import { startTestRedis } from '../helpers/redis.js';
import { ConsoleClient } from './console-client.js';

const PASSWORD = 'demo password 2025';
const DOCS = resolve(ROOT, 'docs');

const isPlace = (m: { from: string; text: string }): boolean => m.from === 'system' && /position \d+/.test(m.text);

/** A citizen who describes their case, then asks for a person when the bot's answer is not enough. */
async function citizen(hub: TestHub, text: string, urgent = false): Promise<{ id: string; token: string }> {
  const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr', channel: 'web' } });
  const post = (b: unknown) => call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: b });
  const { body: sent } = await post({ text });
  if (!urgent) {
    const reply = await waitForMessage(hub.url, body.id, body.token, (m) => m.from !== 'citizen' && (m.choices?.length || isPlace(m)), sent.seq);
    const way = reply.choices?.find((c: { id: string }) => ['feedback.no', 'clarify.none'].includes(c.id));
    if (way) await post({ choice: way.id });
    else if (!isPlace(reply)) await post({ text: 'je voudrais parler à un policier' });
  }
  await waitForMessage(hub.url, body.id, body.token, isPlace);
  return body;
}

async function login(page: Page, hub: TestHub, username: string, hash = ''): Promise<void> {
  await page.goto(`${hub.url}/console${hash}`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('#login');
  await page.locator('#tabs:not([hidden])').waitFor();
}

/** Fills today's hourly buckets up to now, as a busy day would (demo figures only). */
async function seedDay(hub: TestHub): Promise<void> {
  const { redis, stats } = hub.app.ctx;
  const { day, hour } = zonedDayHour(new Date(), hub.app.config.statsTimeZone);
  const key = `${hub.app.config.redisPrefix}:stats:day:${day}`;
  const shape = [0, 0, 1, 0, 0, 0, 1, 2, 4, 6, 7, 6, 5, 6, 7, 6, 5, 5, 4, 4, 3, 3, 2, 1];
  const tx = redis.multi();
  let handoffs = 0;
  for (let h = 0; h < hour; h++) {
    const arrivals = shape[h];
    handoffs += arrivals;
    tx.hincrby(key, `handoffs@${h}`, arrivals)
      .hincrby(key, `waits@${h}`, arrivals)
      .hincrby(key, `wait_ms@${h}`, arrivals * (40_000 + shape[h] * 25_000));
  }
  tx.hincrby(key, 'handoffs', handoffs)
    .hincrby(key, 'conversations_started', handoffs * 3)
    .hincrby(key, 'conversations_engaged', handoffs * 2)
    .hincrby(key, 'resolved_by_bot', handoffs)
    .hincrby(key, 'handled_by_agent', handoffs - 2)
    .hincrby(key, 'handoffs_urgent', 4);
  for (const [rating, count] of [
    [5, 31],
    [4, 17],
    [3, 5],
    [2, 2],
    [1, 1],
  ])
    tx.hincrby(key, `satisfaction_${rating}`, count);
  await tx.exec();
  for (let i = 0; i < 60; i++) {
    await stats.recordWait(20_000 + ((i * 7919) % 240_000));
    await stats.recordFirstResponse(15_000 + ((i * 104_729) % 90_000));
  }
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'silent';
  const redis = await startTestRedis();
  const hub = await startTestHub(redis.url);
  const browser = await launchBrowser();
  try {
    const { accounts } = hub.app.ctx;
    for (const [name, role, display] of [
      ['j.martin', 'agent', 'Brigadier Julien'],
      ['c.durand', 'agent', 'Gendarme Claire'],
      ['a.benali', 'agent', 'Gardienne de la paix Amel'],
      ['m.leroy', 'supervisor', 'Capitaine Leroy'],
    ] as const) {
      await accounts.add(name, PASSWORD, role, { display });
    }
    await seedDay(hub);
    const colleague = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'c.durand', password: PASSWORD } })).body.token;
    const colleagueConsole = await ConsoleClient.connect(hub.url, colleague);

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, hub, 'j.martin');

    const scam = await citizen(hub, "On m'a appelé en se faisant passer pour ma banque et j'ai donné un code reçu par SMS, 1 200 € ont été débités");
    await citizen(hub, 'Mon ex-conjoint est en train de forcer ma porte, il veut me frapper, venez vite', true);
    await citizen(hub, 'Mon voisin fait du bruit toutes les nuits depuis des semaines, que puis-je faire ?');
    const passport = await citizen(hub, "J'ai perdu mon passeport pendant mes vacances, je rentre en France la semaine prochaine");
    await citizen(hub, 'Je reçois des messages menaçants sur Instagram depuis plusieurs jours');
    const theft = await citizen(hub, 'On a volé mon vélo devant la gare ce matin, il était attaché');

    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'j.martin', password: PASSWORD } })).body.token;
    const say = (id: string, text: string, internal = false) =>
      call(`${hub.url}/api/v1/agent/conversations/${id}/messages`, { token: agent, body: internal ? { text, internal } : { text } });
    for (const id of [scam.id, theft.id]) await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agent });
    await call(`${hub.url}/api/v1/agent/conversations/${passport.id}/claim`, { method: 'POST', token: colleague });
    await say(scam.id, 'Bonjour, je suis policier à la plateforme en ligne. Avez-vous déjà appelé votre banque pour faire opposition ?');
    await call(`${hub.url}/api/v1/conversations/${scam.id}/messages`, {
      token: scam.token,
      body: { text: "Oui, la carte est bloquée depuis une heure. Qu'est-ce que je dois faire maintenant ?" },
    });
    await say(scam.id, 'Orientée vers Perceval + plainte en ligne ; garder les SMS reçus comme preuves.', true);

    await page.locator(`#mine .mine-item[data-id="${scam.id}"] .open-conv`).click();
    await page.locator('#conv-messages .msg--internal').waitFor();
    await page.locator('#reply-input').fill('Vous pouvez signaler ces paiements sur Perceval, puis porter plainte en ligne.');
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(DOCS, 'console.png') });
    await page.keyboard.press('Control+k');
    await page.locator('#canned-search').fill('perceval');
    await page.waitForTimeout(200);
    await page.screenshot({ path: resolve(DOCS, 'console-canned.png') });

    const sup = await browser.context.newPage();
    await sup.setViewportSize({ width: 1280, height: 720 });
    await login(sup, hub, 'm.leroy', '#supervisor');
    await sup.waitForFunction(() => Number(document.querySelector('[data-kpi="waiting"] .kpi-value')?.textContent) >= 3);
    await sup.locator('#audit-body tr').nth(3).waitFor();
    await sup.waitForTimeout(1200);
    await sup.screenshot({ path: resolve(DOCS, 'supervisor.png') });

    // History: the two conversations of the morning, closed, found again by the supervisor.
    await say(theft.id, 'Vous pouvez déposer plainte en ligne pour un vol de vélo : le lien est ci-dessous.');
    for (const [id, outcome] of [
      [scam.id, 'redirected_online'],
      [theft.id, 'resolved'],
    ])
      await call(`${hub.url}/api/v1/agent/conversations/${id}/close`, { token: agent, body: { outcome } });
    await sup.click('.tab[data-tab="history"]');
    await sup.locator(`#history-list .history-item[data-id="${scam.id}"] button`).click();
    await sup.locator('#history-messages .msg--internal').waitFor();
    // The agents' part of it (replies, note, close) rather than the bot's greeting.
    await sup.locator('#history-messages').evaluate((log) => log.scrollTo(0, log.scrollHeight));
    await sup.waitForTimeout(300);
    await sup.screenshot({ path: resolve(DOCS, 'console-history.png') });
    await colleagueConsole.close();
    console.log(`screenshots written to ${DOCS}`);
  } finally {
    await browser.close();
    await hub.stop();
    await redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
