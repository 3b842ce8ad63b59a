/** Messenger channel: signed page webhooks in, a fake Send API out, the whole journey. */
import { expect } from 'chai';
import { createMessengerChannel } from '../../channels/messenger/index.js';
import { hubSignature } from '../../channels/shared/signature.js';
import { testClock } from '../helpers/clock.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { FakeGraphApi } from './fakes/graph-api.js';
import {
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

const APP_SECRET = 'messenger-app-secret';
const VERIFY = 'messenger-verify';
const PSID = '6789012345678901';
const PAGE = '112233445566778';

function view(body: any): PlatformMessage {
  const text: string = body.message.text;
  const choices = (body.message.quick_replies ?? []).map((q: any) => ({ label: q.title, value: q.payload }));
  return { text, choices, urls: urlsIn(text) };
}

/** A page webhook body with one messaging item from the citizen. */
function notification(item: object, psid = PSID): string {
  return JSON.stringify({
    object: 'page',
    entry: [{ id: PAGE, time: 1717000000000, messaging: [{ sender: { id: psid }, recipient: { id: PAGE }, timestamp: 1717000000000, ...item }] }],
  });
}

describe('Messenger channel', function () {
  this.timeout(40_000);
  const clock = testClock();
  let redis: TestRedis;
  let hub: TestHub;
  let graph: FakeGraphApi;
  let driver: CitizenDriver;
  let n = 0;
  const post = (raw: string, signature = hubSignature(Buffer.from(raw), APP_SECRET)) =>
    fetch(`${hub.url}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: raw,
    });
  const deliver = async (item: object): Promise<void> => {
    expect((await post(notification(item))).status).to.equal(200);
  };

  before(async () => {
    graph = new FakeGraphApi((body) => body?.message?.text ?? '');
    await graph.start();
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, {}, { clock });
    await hub.app.hub.addChannel(
      createMessengerChannel({ pageToken: 'page-token', appSecret: APP_SECRET, verifyToken: VERIFY, apiRoot: graph.root, apiVersion: 'v21.0' }),
      hub.app.webhooks,
    );
    driver = {
      channel: 'messenger',
      start: () => deliver({ postback: { title: 'Démarrer', payload: 'GET_STARTED', mid: `m_start${++n}` } }),
      say: (text) => deliver({ message: { mid: `m_test${++n}`, text } }),
      choose: async (message, label) => {
        const payload = message.choices.find((c) => c.label === label)!.value;
        await deliver({ message: { mid: `m_test${++n}`, text: label, quick_reply: { payload } } });
      },
      received: () => graph.posts.map((p) => view(p.body)),
    };
  });
  after(async () => {
    await hub?.stop();
    await graph?.stop();
    await redis?.stop();
  });

  it('answers the verification handshake only with the right token', async () => {
    const ok = await fetch(`${hub.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=CHALLENGE_ACCEPTED`);
    expect(await ok.text()).to.equal('CHALLENGE_ACCEPTED');
    expect((await fetch(`${hub.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).status).to.equal(403);
  });

  it('runs the whole journey with quick replies', async () => {
    await runJourney(hub, driver);
    expect(graph.posts.every((p) => p.path === '/v21.0/me/messages' && p.authorization === 'Bearer page-token' && p.body.recipient.id === PSID)).to.equal(true);
  });

  it('asks "are you in danger right now?" on a possible danger, with Yes / No as quick replies; Yes is urgent and first', async () => {
    await runDangerQuestion(hub, driver);
  });

  it('refuses a bad signature and stores nothing', async () => {
    const before = (await hub.app.ctx.stats.snapshot()).counters;
    const raw = notification({ message: { mid: 'm_forged', text: 'bonjour' } });
    expect((await post(raw, hubSignature(Buffer.from(`${raw} `), APP_SECRET))).status).to.equal(401);
    expect((await hub.app.ctx.stats.snapshot()).counters).to.deep.equal(before);
  });

  it('answers 400 to a signed event whose fields have the wrong types, and stores nothing', async () => {
    // Found by an outside fuzz run: a text or payload that is not a string passed the webhook and
    // threw in the hub (a 500, which asks Meta to send the same bytes again).
    const before = (await hub.app.ctx.store.all()).length;
    for (const item of [
      { message: { mid: `m_bad${++n}`, text: { a: 1 } } },
      { message: { mid: `m_bad${++n}`, text: 'x', quick_reply: { payload: 7 } } },
      { postback: { mid: `m_bad${++n}`, payload: { choice: 'x' } } },
      { message: { mid: 42, text: 'bonjour' } },
    ]) {
      const res = await post(notification(item));
      expect(res.status, JSON.stringify(item)).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('invalid_event');
    }
    expect((await hub.app.ctx.store.all()).length).to.equal(before);
  });

  it('ignores echoes and read receipts, and answers a replayed message once', async () => {
    const after = driver.received().length;
    await deliver({ message: { mid: 'm_echo', is_echo: true, text: 'Bonjour' } });
    await deliver({ read: { watermark: 1717000000000 } });
    const raw = notification({ message: { mid: 'm_replayed', text: FAQ_QUESTION } });
    expect((await post(raw)).status).to.equal(200);
    expect((await post(raw)).status).to.equal(200);
    const answer = await waitForPlatform(driver, (m) => m.urls.length > 0, after);
    await sayBarrier(driver, after, 2);
    expect(countText(driver, answer.message.text, after)).to.equal(1);
  });

  it('sends again after a 500, once', async () => {
    const after = driver.received().length;
    graph.failures.arm({ status: 500, body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 } } }, 1);
    await driver.say('J’ai perdu ma carte d’identité');
    await eventually(() => graph.failures.failedTexts.length === 1, 'the failed send');
    await tickUntil(clock.tick, 1000, () => countText(driver, graph.failures.failedTexts[0], after) === 1, 'the retry');
    await eventually(() => graph.failures.failedTexts.length === 1 && countText(driver, graph.failures.failedTexts[0], after) === 1, 'the redelivery');
    await sayBarrier(driver, after, 2);
    expect(countText(driver, graph.failures.failedTexts[0], after)).to.equal(1);
    // The message behind the failed one waited for it: the platform got them in transcript order.
    const texts = driver
      .received()
      .slice(after)
      .map((m) => m.text);
    const retried = texts.indexOf(graph.failures.failedTexts[0]);
    const question = texts.findIndex((t) => /aide-t-elle/.test(t));
    expect(question).to.be.greaterThan(retried);
  });

  it('welcomes a citizen whose first message is a greeting once', async () => {
    const newcomer = '7000000000000001';
    expect((await post(notification({ message: { mid: `m_new${++n}`, text: 'Bonjour' } }, newcomer))).status).to.equal(200);
    expect((await post(notification({ message: { mid: `m_new${++n}`, text: FAQ_QUESTION } }, newcomer))).status).to.equal(200);
    const mine = () => graph.posts.filter((p) => p.body.recipient?.id === newcomer).map((p) => view(p.body));
    await eventually(() => mine().some((m) => /vous aide-t-elle/.test(m.text)), 'the answer');
    expect(mine().filter(isWelcome)).to.have.length(1);
  });

  it('keeps order through a 429 with Retry-After: 6, delivering every answer once', async () => {
    await checkRetryAfterSix(
      driver,
      graph.failures,
      { status: 429, headers: { 'retry-after': '6' }, body: { error: { message: 'Too many', code: 4 } } },
      clock.tick,
    );
  });
});
