/** whatsapp-web.js channel through a Client double: QR, journey by digits, replay, failed sends, reconnection. */
import { expect } from 'chai';
import sinon from 'sinon';
import { createWhatsappWebChannel } from '../../channels/whatsapp-web/index.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { FakeWhatsappClient, type WebSent } from './fakes/whatsapp-web-client.js';
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

const CHAT = '33612345678@c.us';

/** Reads the numbered choices back out of a text ("1. label" lines, or "1 · 2 · 3" for a rating). */
function view(text: string): PlatformMessage {
  const lines = text.split('\n');
  const rating = lines.find((l) => /^1( · \d+)+$/.test(l));
  const labels = rating ? rating.split(' · ') : lines.map((l) => /^\d+\. (.*)$/.exec(l)?.[1]).filter((l): l is string => !!l);
  return { text, choices: labels.map((label, i) => ({ label, value: String(i + 1) })), urls: urlsIn(text) };
}

describe('WhatsApp Web channel', function () {
  this.timeout(40_000);
  let redis: TestRedis;
  let hub: TestHub;
  const sent: WebSent[] = [];
  const sendFailures: string[] = [];
  const clients: FakeWhatsappClient[] = [];
  const showQr = sinon.spy();
  let driver: CitizenDriver;
  let n = 0;
  const message = (body: string, id = `3EB0${++n}`) => ({
    id: { fromMe: false, remote: CHAT, id, _serialized: `false_${CHAT}_${id}` },
    from: CHAT,
    to: '33180000000@c.us',
    fromMe: false,
    isStatus: false,
    type: 'chat',
    body,
    timestamp: 1717000000,
    hasMedia: false,
  });
  const current = () => clients.at(-1)!;

  before(async () => {
    redis = await startTestRedis();
    hub = await startTestHub(redis.url);
    const channel = createWhatsappWebChannel({
      dataDir: '/nonexistent',
      showQr,
      reconnect: { firstMs: 50, maxMs: 200 },
      createClient: () => {
        const client = new FakeWhatsappClient(sent, sendFailures);
        clients.push(client);
        return client;
      },
    });
    await hub.app.hub.addChannel(channel, hub.app.webhooks);
    driver = {
      channel: 'whatsapp',
      start: async () => current().receive(message('Bonjour')),
      say: async (text) => current().receive(message(text)),
      choose: async (m, label) => current().receive(message(m.choices.find((c) => c.label === label)!.value)),
      received: () => sent.map((s) => view(s.text)),
    };
    await eventually(() => showQr.called, 'the QR code');
  });
  after(async () => {
    await hub?.stop();
    await redis?.stop();
  });

  it('shows the QR code and runs the whole journey with numbered choices answered by digit', async () => {
    expect(showQr.firstCall.args[0]).to.equal('2@FAKEQR,abc,def==');
    await runJourney(hub, driver);
    expect(sent.every((s) => s.chatId === CHAT)).to.equal(true);
  });

  it('asks "are you in danger right now?" on a possible danger, with Yes / No numbered (the library has no buttons any more); Yes is urgent and first', async () => {
    await runDangerQuestion(hub, driver);
  });

  it('answers a replayed message once', async () => {
    const after = sent.length;
    const replayed = message(FAQ_QUESTION);
    current().receive(replayed);
    current().receive(replayed);
    const answer = await waitForPlatform(driver, (m) => m.urls.length > 0, after);
    await sayBarrier(driver, after, 2);
    expect(countText(driver, answer.message.text, after)).to.equal(1);
  });

  it('sends again after a failed send, once', async () => {
    const after = sent.length;
    current().failSends = 1;
    await driver.say('J’ai perdu ma carte d’identité');
    await eventually(() => sendFailures.length === 1 && countText(driver, sendFailures[0], after) === 1, 'the redelivery');
    await sayBarrier(driver, after, 2);
    expect(countText(driver, sendFailures[0], after)).to.equal(1);
  });

  it('reconnects with a new client after a disconnection and delivers what waited', async () => {
    const first = current();
    first.emit('disconnected', 'NAVIGATION');
    expect(first.destroyed).to.equal(true);
    await eventually(() => clients.length === 2, 'the reconnection');
    const after = sent.length;
    await driver.say(FAQ_QUESTION);
    await waitForPlatform(driver, (m) => m.urls.length > 0, after);
    expect(first.destroyed).to.equal(true);
  });

  it('ignores groups, statuses and its own messages', async () => {
    const before = (await hub.app.ctx.stats.snapshot()).counters.messages_received;
    current().receive({ ...message('bonjour'), from: '120363025246125486@g.us' });
    current().receive({ ...message('bonjour'), from: 'status@broadcast', isStatus: true });
    current().receive({ ...message('bonjour'), fromMe: true });
    await new Promise((r) => setImmediate(r));
    expect((await hub.app.ctx.stats.snapshot()).counters.messages_received).to.equal(before);
  });
});
