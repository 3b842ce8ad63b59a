/** Telegram through telegraf against a fake Bot API: polling journey; webhook secret, replay and retry. */
import { expect } from 'chai';
import { createTelegramChannel } from '../../channels/telegram/index.js';
import { testClock } from '../helpers/clock.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { FakeTelegramApi, TelegramCitizen, type TelegramSent } from './fakes/telegram-api.js';
import {
  AGENT_DISPLAY,
  checkRetryAfterSix,
  countText,
  eventually,
  FAQ_QUESTION,
  isWelcome,
  runJourney,
  runDangerQuestion,
  sayBarrier,
  tickUntil,
  urlsIn,
  waitForPlatform,
  type CitizenDriver,
  type PlatformMessage,
} from './helpers/journey.js';

const TOKEN = '123456:TEST-token';
const SECRET = 'webhook-secret_1';

function view(sent: TelegramSent): PlatformMessage {
  const buttons = sent.reply_markup?.inline_keyboard.flat() ?? [];
  return {
    text: sent.text,
    choices: buttons.filter((b) => b.callback_data).map((b) => ({ label: b.text, value: b.callback_data! })),
    urls: [...buttons.filter((b) => b.url).map((b) => b.url!), ...urlsIn(sent.text)],
  };
}

function telegramDriver(api: FakeTelegramApi, deliver: (update: object) => Promise<void>, citizen = new TelegramCitizen()): CitizenDriver {
  return {
    channel: 'telegram',
    start: () => deliver(citizen.text('/start')),
    say: (text) => deliver(citizen.text(text)),
    choose: async (message, label) => {
      const sent = api.sent.find((s) => view(s).text === message.text && view(s).choices.length === message.choices.length)!;
      await deliver(citizen.tap(sent, message.choices.find((c) => c.label === label)!.value));
    },
    received: () => api.sent.map(view),
  };
}

describe('Telegram channel', function () {
  this.timeout(40_000);

  describe('long polling', () => {
    let redis: TestRedis;
    let hub: TestHub;
    let api: FakeTelegramApi;

    before(async () => {
      api = new FakeTelegramApi(TOKEN);
      await api.start();
      redis = await startTestRedis();
      hub = await startTestHub(redis.url);
      await hub.app.hub.addChannel(createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, mode: 'polling' }), hub.app.webhooks);
    });
    after(async () => {
      await hub?.stop();
      await api?.stop();
      await redis?.stop();
    });

    it('runs the whole journey with inline keyboards and answers the button taps', async () => {
      expect(api.calls.slice(0, 2)).to.deep.equal(['getMe', 'deleteWebhook']);
      const driver = telegramDriver(api, async (update) => api.push(update));
      await runJourney(hub, driver);
      // The agent's name in bold through an entity (no parse_mode, so the text needs no escaping).
      const named = api.sent.find((s) => s.text.startsWith(`${AGENT_DISPLAY}\u00a0:\n`))!;
      expect(named.entities).to.deep.equal([{ type: 'bold', offset: 0, length: AGENT_DISPLAY.length }]);
      expect(api.answeredCallbacks).to.have.length(1);
      expect(api.sent.every((s) => s.chat_id === '424242')).to.equal(true);
    });

    it('asks "are you in danger right now?" on a possible danger, with Yes / No as an inline keyboard; Yes is urgent and first', async () => {
      await runDangerQuestion(
        hub,
        telegramDriver(api, async (update) => api.push(update), new TelegramCitizen(515151)),
      );
    });
  });

  describe('webhook', () => {
    const clock = testClock();
    let redis: TestRedis;
    let hub: TestHub;
    let api: FakeTelegramApi;
    let driver: CitizenDriver;
    const citizen = new TelegramCitizen();
    const post = (update: object, secret = SECRET) =>
      fetch(`${hub.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });

    before(async () => {
      api = new FakeTelegramApi(TOKEN);
      await api.start();
      redis = await startTestRedis();
      hub = await startTestHub(redis.url, {}, { clock });
      await hub.app.hub.addChannel(createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, mode: 'webhook', webhookSecret: SECRET }), hub.app.webhooks);
      driver = telegramDriver(
        api,
        async (update) => {
          expect((await post(update)).status).to.equal(200);
        },
        citizen,
      );
    });
    after(async () => {
      await hub?.stop();
      await api?.stop();
      await redis?.stop();
    });

    it('refuses a wrong or missing secret token and stores nothing', async () => {
      const before = (await hub.app.ctx.stats.snapshot()).counters;
      const update = new TelegramCitizen().text('bonjour'); // a forgery: never delivered
      expect((await post(update, 'wrong-secret')).status).to.equal(401);
      const bare = await fetch(`${hub.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(update),
      });
      expect(bare.status).to.equal(401);
      expect((await hub.app.ctx.stats.snapshot()).counters).to.deep.equal(before);
      expect(api.calls).not.to.include('sendMessage');
    });

    it('welcomes on /start and answers a replayed update once', async () => {
      const start = citizen.text('/start');
      expect((await post(start)).status).to.equal(200);
      expect((await post(start)).status).to.equal(200);
      const question = citizen.text(FAQ_QUESTION);
      expect((await post(question)).status).to.equal(200);
      expect((await post(question)).status).to.equal(200);
      const answer = await waitForPlatform(driver, (m) => m.urls.length > 0);
      await sayBarrier(driver, 0, 2);
      expect(countText(driver, answer.message.text)).to.equal(1);
      expect(driver.received().filter((m) => m.text.includes('112') && m.choices.length === 4)).to.have.length(1);
    });

    it('welcomes a citizen whose first message is a greeting once', async () => {
      const newcomer = new TelegramCitizen(515151);
      expect((await post(newcomer.text('Bonjour'))).status).to.equal(200);
      expect((await post(newcomer.text(FAQ_QUESTION))).status).to.equal(200);
      const mine = () => api.sent.filter((m) => m.chat_id === '515151').map(view);
      await eventually(() => mine().some((m) => m.urls.length > 0), 'the answer');
      expect(mine().filter(isWelcome)).to.have.length(1);
    });

    it('keeps order through a 429 with retry_after 6, delivering every answer once', async () => {
      await checkRetryAfterSix(
        driver,
        api.sendFailures,
        {
          status: 429,
          body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 6', parameters: { retry_after: 6 } },
        },
        clock.tick,
      );
    });

    it('sends a message again after the Bot API fails once, and only once', async () => {
      const after = driver.received().length;
      api.sendFailures.arm({ status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } }, 1);
      await driver.say('J’ai perdu ma carte d’identité');
      await eventually(() => api.sendFailures.failedTexts.length === 2, 'the failed send');
      await tickUntil(clock.tick, 1000, () => countText(driver, api.sendFailures.failedTexts[1], after) === 1, 'the retry');
      await eventually(() => api.sendFailures.failedTexts.length === 2 && countText(driver, api.sendFailures.failedTexts[1], after) === 1, 'the redelivery');
      await sayBarrier(driver, after, 2);
      expect(countText(driver, api.sendFailures.failedTexts[1], after)).to.equal(1);
    });
  });
});
