/** WhatsApp Cloud API channel: signed webhooks in, a fake Graph API out, the whole journey. */
import { expect } from 'chai';
import { hubSignature } from '../../channels/shared/signature.js';
import { createWhatsappCloudChannel } from '../../channels/whatsapp-cloud/index.js';
import { testClock } from '../helpers/clock.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { FakeGraphApi } from './fakes/graph-api.js';
import { whatsappNotification, whatsappText, whatsappView } from './helpers/platforms.js';
import { countText, FAQ_QUESTION, runDangerQuestion, runJourney, sayBarrier, waitForPlatform, type CitizenDriver } from './helpers/journey.js';
import { checkRetryAfterSix } from './helpers/journey.js';

const PHONE_ID = '106540352242922';
const APP_SECRET = 'wa-app-secret';
const VERIFY = 'wa-verify-token';
const CITIZEN = '33612345678';

/** A webhook body as Meta sends it for one message of the citizen. */
function notification(message: object): string {
  return whatsappNotification(CITIZEN, message);
}

describe('WhatsApp Cloud API channel', function () {
  this.timeout(40_000);
  const clock = testClock();
  let redis: TestRedis;
  let hub: TestHub;
  let graph: FakeGraphApi;
  let driver: CitizenDriver;
  let n = 0;
  const post = (raw: string, signature = hubSignature(Buffer.from(raw), APP_SECRET)) =>
    fetch(`${hub.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: raw,
    });
  const deliver = async (message: object): Promise<void> => {
    expect((await post(notification({ id: `wamid.TEST${++n}`, ...message }))).status).to.equal(200);
  };

  before(async () => {
    graph = new FakeGraphApi(whatsappText);
    await graph.start();
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, {}, { clock });
    const channel = createWhatsappCloudChannel({
      token: 'wa-token',
      phoneNumberId: PHONE_ID,
      appSecret: APP_SECRET,
      verifyToken: VERIFY,
      apiRoot: graph.root,
      apiVersion: 'v21.0',
    });
    await hub.app.hub.addChannel(channel, hub.app.webhooks);
    driver = {
      channel: 'whatsapp',
      start: () => deliver({ type: 'text', text: { body: 'Bonjour' } }),
      say: (text) => deliver({ type: 'text', text: { body: text } }),
      choose: async (message, label) => {
        const id = message.choices.find((c) => c.label === label)!.value;
        const sent = graph.posts.map((p) => p.body).find((b) => whatsappText(b) === message.text)!;
        const reply =
          sent.interactive.type === 'button'
            ? { type: 'button_reply', button_reply: { id, title: label } }
            : { type: 'list_reply', list_reply: { id, title: label } };
        await deliver({ type: 'interactive', interactive: reply });
      },
      received: () => graph.posts.map((p) => whatsappView(p.body)),
    };
  });
  after(async () => {
    await hub?.stop();
    await graph?.stop();
    await redis?.stop();
  });

  it('answers the verification handshake only with the right token', async () => {
    const ok = await fetch(`${hub.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.equal('1158201444');
    expect((await fetch(`${hub.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).to.equal(403);
  });

  it('runs the whole journey with interactive messages, to the number that wrote', async () => {
    await runJourney(hub, driver);
    expect(graph.posts.every((p) => p.path === `/v21.0/${PHONE_ID}/messages` && p.authorization === 'Bearer wa-token' && p.body.to === CITIZEN)).to.equal(true);
  });

  it('asks "are you in danger right now?" on a possible danger, with Yes / No as reply buttons; Yes is urgent and first', async () => {
    await runDangerQuestion(hub, driver);
  });

  it('refuses a bad signature and stores nothing', async () => {
    const before = (await hub.app.ctx.stats.snapshot()).counters;
    const raw = notification({ id: 'wamid.FORGED', type: 'text', text: { body: 'bonjour' } });
    expect((await post(raw, hubSignature(Buffer.from(raw), 'not-the-secret'))).status).to.equal(401);
    expect((await post(raw, '')).status).to.equal(401);
    expect((await hub.app.ctx.stats.snapshot()).counters).to.deep.equal(before);
  });

  it('answers a signed notification of the wrong shape with 400, never the 500 that makes Meta send it again', async () => {
    const shapes = [
      { object: 'whatsapp_business_account', entry: 'nope' },
      { object: 'whatsapp_business_account', entry: [{ changes: [{ value: { messages: [{ from: 123, type: 'text', text: null }] } }] }] },
      { object: 'whatsapp_business_account', entry: [null] },
      [],
    ];
    for (const shape of shapes) {
      const status = (await post(JSON.stringify(shape))).status;
      expect(status, JSON.stringify(shape)).to.be.oneOf([200, 400]);
    }
    expect((await fetch(`${hub.url}/health`)).status).to.equal(200);
  });

  it('answers a replayed notification once', async () => {
    const after = driver.received().length;
    const raw = notification({ id: 'wamid.REPLAYED', type: 'text', text: { body: FAQ_QUESTION } });
    expect((await post(raw)).status).to.equal(200);
    expect((await post(raw)).status).to.equal(200);
    const answer = await waitForPlatform(driver, (m) => m.urls.length > 0, after);
    await sayBarrier(driver, after, 2);
    expect(countText(driver, answer.message.text, after)).to.equal(1);
  });

  it('keeps order through a 429 with Retry-After: 6, delivering every answer once', async () => {
    await checkRetryAfterSix(
      driver,
      graph.failures,
      { status: 429, headers: { 'retry-after': '6' }, body: { error: { message: 'Too many', code: 130429 } } },
      clock.tick,
    );
  });

  it('answers a photo politely', async () => {
    const after = driver.received().length;
    await deliver({ type: 'image', image: { id: '1234', mime_type: 'image/jpeg', sha256: 'x' } });
    await waitForPlatform(driver, (m) => /que du texte/.test(m.text), after);
  });
});
