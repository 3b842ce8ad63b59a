/** Bot Framework channel: botbuilder's CloudAdapter at /api/messages, replies to a fake connector. */
import { expect } from 'chai';
import sinon from 'sinon';
import { createBotFrameworkChannel } from '../../channels/botframework/index.js';
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';
import { testClock } from '../helpers/clock.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { FakeBotConnector } from './fakes/bot-connector.js';
import {
  countText,
  eventually,
  FAQ_QUESTION,
  runJourney,
  runDangerQuestion,
  sayBarrier,
  urlsIn,
  waitForPlatform,
  type CitizenDriver,
  type PlatformMessage,
} from './helpers/journey.js';
import { checkRetryAfterSix, tickUntil } from './helpers/journey.js';

const CONVERSATION = 'a1b2c3d4|livechat';
const BOT = { id: 'relais-bot', name: 'Relais', role: 'bot' };
const USER = { id: 'user-7', name: 'Camille', role: 'user' };

function view(activity: any): PlatformMessage {
  const text: string = activity.text ?? '';
  const choices = (activity.suggestedActions?.actions ?? []).map((a: any) => ({ label: a.title, value: a.value }));
  return { text, choices, urls: urlsIn(text) };
}

describe('Bot Framework channel', function () {
  this.timeout(40_000);
  const clock = testClock();
  let n = 0;
  const activity = (serviceUrl: string, fields: object) => ({
    id: `act-${++n}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: CONVERSATION },
    recipient: BOT,
    from: USER,
    locale: 'fr-FR',
    timestamp: new Date().toISOString(),
    ...fields,
  });
  const post = (hub: TestHub, body: object, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  describe('without an app id (the Emulator)', () => {
    let redis: TestRedis;
    let hub: TestHub;
    let connector: FakeBotConnector;
    let driver: CitizenDriver;
    const deliver = async (fields: object): Promise<void> => {
      expect((await post(hub, activity(connector.serviceUrl, fields))).status).to.equal(200);
    };

    before(async () => {
      connector = new FakeBotConnector();
      await connector.start();
      redis = await startTestRedis();
      hub = await startTestHub(redis.url, {}, { clock });
      await hub.app.hub.addChannel(createBotFrameworkChannel({}), hub.app.webhooks);
      driver = {
        channel: 'botframework',
        start: () => deliver({ type: 'conversationUpdate', membersAdded: [BOT, USER] }),
        say: (text) => deliver({ type: 'message', text }),
        choose: (message, label) => deliver({ type: 'message', text: message.choices.find((c) => c.label === label)!.value }),
        received: () => connector.posts.map((p) => view(p.activity)),
      };
    });
    after(async () => {
      await hub?.stop();
      await connector?.stop();
      await redis?.stop();
    });

    it('runs the whole journey with suggested actions, posting to the serviceUrl', async () => {
      await runJourney(hub, driver);
      expect(connector.posts.every((p) => p.conversationId === CONVERSATION && p.activity.type === 'message')).to.equal(true);
      expect(connector.posts.every((p) => p.activity.recipient === undefined)).to.equal(true);
    });

    it('asks "are you in danger right now?" on a possible danger, with Yes / No as suggested actions; Yes is urgent and first', async () => {
      await runDangerQuestion(hub, driver);
    });

    it('takes a choice from an Adaptive Card Action.Execute (a Teams invoke) and answers the invoke 200', async () => {
      // Found by review: every invoke got botbuilder's bare 501, so a card button in Teams showed an error.
      const ids: Record<string, string> = { Oui: 'danger.yes', Non: 'danger.no' };
      const answers: { status: number; body: unknown }[] = [];
      const choose = async (_message: PlatformMessage, label: string) => {
        const value = { action: { type: 'Action.Execute', verb: 'choice', data: { choice: ids[label] } }, trigger: 'manual' };
        const res = await post(hub, activity(connector.serviceUrl, { type: 'invoke', name: 'adaptiveCard/action', value }));
        answers.push({ status: res.status, body: await res.json() });
      };
      await runDangerQuestion(hub, { ...driver, choose });
      expect(answers.map((a) => a.status)).to.deep.equal([200]);
      expect(answers[0]!.body).to.include({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    });

    it('answers 501 not_implemented to any other invoke, naming it, and stores nothing', async () => {
      const before = (await hub.app.ctx.stats.snapshot()).counters;
      for (const fields of [
        { type: 'invoke', name: 'composeExtension/query', value: { commandId: 'search', parameters: [] } },
        { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'refresh', data: {} } } },
        { type: 'invoke' },
      ]) {
        const res = await post(hub, activity(connector.serviceUrl, fields));
        expect(res.status, JSON.stringify(fields)).to.equal(501);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        expect(error.code).to.equal('not_implemented');
        expect(error.message).to.include(fields.name ?? 'invoke');
      }
      expect((await hub.app.ctx.stats.snapshot()).counters).to.deep.equal(before);
    });

    it('answers 400 to an activity whose fields have the wrong types, and stores nothing', async () => {
      // Found by an outside fuzz run: these threw inside the adapter's turn (500s, stack traces in the log).
      const before = (await hub.app.ctx.store.all()).length;
      for (const fields of [
        { type: 5 },
        { type: undefined },
        { type: 'message', text: 12 },
        { type: 'conversationUpdate', membersAdded: [null] },
        { type: 'message', from: 'u' },
      ]) {
        const res = await post(hub, activity(connector.serviceUrl, fields));
        expect(res.status, JSON.stringify(fields)).to.equal(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('invalid_activity');
      }
      expect((await hub.app.ctx.store.all()).length).to.equal(before);
    });

    it('answers a replayed activity once', async () => {
      const after = driver.received().length;
      const body = activity(connector.serviceUrl, { type: 'message', text: FAQ_QUESTION });
      expect((await post(hub, body)).status).to.equal(200);
      expect((await post(hub, body)).status).to.equal(200);
      const answer = await waitForPlatform(driver, (m) => m.urls.length > 0, after);
      await sayBarrier(driver, after, 2);
      expect(countText(driver, answer.message.text, after)).to.equal(1);
    });

    it('posts again after the connector fails once, and only once', async () => {
      const after = driver.received().length;
      connector.failures.arm({ status: 500, body: { error: { code: 'ServiceError', message: 'boom' } } }, 1);
      await driver.say('J’ai perdu ma carte d’identité');
      await eventually(() => connector.failures.failedTexts.length === 1, 'the failed send');
      await tickUntil(clock.tick, 1000, () => countText(driver, connector.failures.failedTexts[0], after) === 1, 'the retry');
      await eventually(
        () => connector.failures.failedTexts.length === 1 && countText(driver, connector.failures.failedTexts[0], after) === 1,
        'the redelivery',
      );
      await sayBarrier(driver, after, 2);
      expect(countText(driver, connector.failures.failedTexts[0], after)).to.equal(1);
    });

    it('keeps order through a 429 with Retry-After: 6, delivering every answer once', async () => {
      await checkRetryAfterSix(
        driver,
        connector.failures,
        { status: 429, headers: { 'retry-after': '6' }, body: { error: { code: 'Throttled', message: 'slow down' } } },
        clock.tick,
      );
    });

    it('refuses a caller from another machine when nothing authenticates it, even naming a local serviceUrl', async () => {
      let handler: ((req: WebhookRequest) => Promise<WebhookResponse>) | undefined;
      createBotFrameworkChannel({}).routes?.({ get: () => {}, post: (_path, h) => (handler = h) });
      const body = Buffer.from(JSON.stringify(activity(connector.serviceUrl, { type: 'message', text: 'bonjour' })));
      const request = { method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/json' }, query: {}, rawBody: body };
      expect((await handler!({ ...request, remoteAddress: '203.0.113.5' })).status).to.equal(403);
      expect((await handler!({ ...request, remoteAddress: '::ffff:198.51.100.7' })).status).to.equal(403);
    });

    it('refuses a remote serviceUrl when nothing authenticates the caller', async () => {
      const before = (await hub.app.ctx.stats.snapshot()).counters;
      const res = await post(hub, activity('https://attacker.example/', { type: 'message', text: 'bonjour' }));
      expect(res.status).to.equal(403);
      expect((await post(hub, { not: 'an activity' })).status).to.be.oneOf([400, 403]);
      expect((await hub.app.ctx.stats.snapshot()).counters).to.deep.equal(before);
    });
  });

  describe('with an app id', () => {
    let redis: TestRedis;
    let hub: TestHub;

    before(async () => {
      redis = await startTestRedis();
      hub = await startTestHub(redis.url);
      await hub.app.hub.addChannel(
        createBotFrameworkChannel({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-used', appType: 'MultiTenant' }),
        hub.app.webhooks,
      );
    });
    after(async () => {
      await hub?.stop();
      await redis?.stop();
    });

    it('refuses an activity without a Bot Framework token and stores nothing', async () => {
      const before = (await hub.app.ctx.stats.snapshot()).counters;
      // CloudAdapter prints the AuthenticationError itself; kept out of the test output.
      const quiet = sinon.stub(console, 'error');
      const res = await post(hub, activity('https://smba.trafficmanager.net/emea/', { type: 'message', text: 'bonjour' })).finally(() => quiet.restore());
      expect(res.status).to.equal(401);
      expect(quiet.called).to.equal(true);
      expect((await hub.app.ctx.stats.snapshot()).counters).to.deep.equal(before);
    });
  });
});
