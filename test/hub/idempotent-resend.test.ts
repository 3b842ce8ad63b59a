/** A citizen message sent again under its idempotency key (HTTP `Idempotency-Key`, socket frame
 * `idempotencyKey`) is the message already stored, not a second one. The case it exists for: a write
 * stored and then refused (503) because a failover might lose it; the citizen's resend must not make
 * a duplicate when the write was kept, and a danger now must still get the emergency numbers. */
import { expect } from 'chai';
import WebSocket from 'ws';
import { testClock } from '../helpers/clock.js';
import { call, useTestHub } from '../helpers/hub.js';
import { type FakeLibreTranslate, startFakeLibreTranslate } from '../helpers/libretranslate.js';
import { refusingConfirmation } from '../helpers/refusing-confirmation.js';
import { TestChannel } from '../helpers/test-channel.js';
import { until } from '../helpers/until.js';

interface Posted {
  status: number;
  body: any;
}

async function post(url: string, id: string, token: string, body: unknown, key?: string): Promise<Posted> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await fetch(`${url}/api/v1/conversations/${id}/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function transcript(url: string, id: string, token: string): Promise<any[]> {
  return (await call(`${url}/api/v1/conversations/${id}/messages`, { token })).body.messages;
}

describe('a citizen message sent again under its idempotency key', function () {
  this.timeout(30_000);
  const confirmation = refusingConfirmation();
  const running = useTestHub({}, { confirmWrite: confirmation.confirmWrite });
  let url: string;
  let conv: { id: string; token: string };

  beforeEach(async () => {
    url = running.hub.url;
    confirmation.refuseNext(0);
    conv = (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
  });

  it('answers with the seq stored the first time and stores nothing more', async () => {
    const first = await post(url, conv.id, conv.token, { text: 'comment porter plainte ?' }, 'k-1');
    const again = await post(url, conv.id, conv.token, { text: 'comment porter plainte ?' }, 'k-1');
    expect(first.status).to.equal(202);
    expect(again).to.deep.equal({ status: 202, body: { seq: first.body.seq } });
    const copies = (await transcript(url, conv.id, conv.token)).filter((m) => m.from === 'citizen');
    expect(copies.map((m) => m.text)).to.deep.equal(['comment porter plainte ?']);
    expect(copies[0].idempotencyKey).to.equal('k-1');
  });

  it('stores a choice once as well, and a message without a key each time', async () => {
    const menu = (await transcript(url, conv.id, conv.token)).filter((m) => m.choices?.length).at(-1);
    const choice = menu.choices[0].id;
    const a = await post(url, conv.id, conv.token, { choice }, 'choice-1');
    const b = await post(url, conv.id, conv.token, { choice }, 'choice-1');
    expect(b.body.seq).to.equal(a.body.seq);
    await post(url, conv.id, conv.token, { text: 'merci' });
    await post(url, conv.id, conv.token, { text: 'merci' });
    const citizen = (await transcript(url, conv.id, conv.token)).filter((m) => m.from === 'citizen');
    expect(citizen.filter((m) => m.choice === choice)).to.have.length(1);
    expect(citizen.filter((m) => m.text === 'merci')).to.have.length(2);
  });

  it('refuses a key sent again with another message (422), and a malformed key (400)', async () => {
    await post(url, conv.id, conv.token, { text: 'bonjour' }, 'same');
    const other = await post(url, conv.id, conv.token, { text: 'au revoir' }, 'same');
    expect(other.status).to.equal(422);
    expect(other.body.error.code).to.equal('idempotency_key_reused');
    for (const bad of ['a b', 'x'.repeat(65), 'é']) {
      const res = await post(url, conv.id, conv.token, { text: 'bonjour' }, bad);
      expect(res.status, bad).to.equal(400);
      expect(res.body.error.code).to.equal('invalid_idempotency_key');
    }
    const texts = (await transcript(url, conv.id, conv.token)).filter((m) => m.from === 'citizen').map((m) => m.text);
    expect(texts).to.deep.equal(['bonjour']);
  });

  it('a key is the conversation’s own: another conversation may use it', async () => {
    const other = (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
    const a = await post(url, conv.id, conv.token, { text: 'bonjour' }, 'shared');
    const b = await post(url, other.id, other.token, { text: 'bonjour' }, 'shared');
    expect([a.status, b.status]).to.deep.equal([202, 202]);
    expect((await transcript(url, other.id, other.token)).filter((m) => m.from === 'citizen')).to.have.length(1);
  });

  it('after a 503 for a write that was stored, the resend is that message, and a danger now gets the emergency numbers once', async () => {
    const text = 'au secours un homme est en train de me frapper chez moi';
    expect((await call(`${url}/api/v1/triage`, { body: { text, locale: 'fr' } })).body.urgent).to.equal(true);
    confirmation.refuseNext(1);
    const refused = await post(url, conv.id, conv.token, { text }, 'danger-1');
    expect(refused.status).to.equal(503);
    expect(refused.body.error.code).to.equal('unavailable');
    const stored = (await transcript(url, conv.id, conv.token)).filter((m) => m.from === 'citizen');
    expect(stored.map((m) => m.text)).to.deep.equal([text]); // the refused write was kept

    const resent = await post(url, conv.id, conv.token, { text }, 'danger-1');
    expect(resent).to.deep.equal({ status: 202, body: { seq: stored[0].seq } });
    await post(url, conv.id, conv.token, { text }, 'danger-1'); // once more: the numbers are there already
    const after = await transcript(url, conv.id, conv.token);
    expect(after.filter((m) => m.from === 'citizen')).to.have.length(1);
    const warnings = after.filter((m) => m.seq > stored[0].seq && m.urgent);
    expect(warnings).to.have.length.greaterThanOrEqual(1);
    expect(warnings[0].text).to.match(/17|112/);
    expect(after.filter((m) => m.seq > stored[0].seq && m.urgent && m.text === warnings[0].text)).to.have.length(1);
  });

  it('a resend that overtakes its first sending still in flight: the emergency numbers are said once', async () => {
    // The resend finds the message stored before the first sending has said the numbers: each would say them.
    const text = 'au secours un homme est en train de me frapper chez moi';
    const conversations = await Promise.all(
      Array.from({ length: 10 }, async () => (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body),
    );
    await Promise.all(conversations.map((c) => Promise.all([post(url, c.id, c.token, { text }, 'both'), post(url, c.id, c.token, { text }, 'both')])));
    for (const c of conversations) {
      const after = await transcript(url, c.id, c.token);
      const seq = after.find((m) => m.from === 'citizen').seq;
      expect(after.filter((m) => m.seq > seq && m.urgent && /17|112/.test(m.text))).to.have.length(1);
    }
    // A later danger now gets them again.
    const [c] = conversations;
    const later = await post(url, c.id, c.token, { text: 'il revient, il a un couteau, aidez moi' }, 'later');
    const after = await transcript(url, c.id, c.token);
    expect(after.filter((m) => m.seq > later.body.seq && m.urgent && /17|112/.test(m.text))).to.have.length(1);
  });

  it('a messaging app’s redelivery of a message stored and refused is that message (its id is the key)', async () => {
    const channel = new TestChannel({ id: 'telegram' });
    await running.hub.app.hub.addChannel(channel);
    const opened = (await channel.open('zoe')) as { conversationId: string };
    confirmation.refuseNext(1);
    let failure: unknown;
    await channel.say('zoe', 'comment faire une procuration ?', 'update-77').catch((err) => (failure = err));
    expect((failure as Error)?.name).to.equal('NotReplicatedError'); // the webhook answers 503: the platform sends it again
    const again = await channel.say('zoe', 'comment faire une procuration ?', 'update-77');
    const stored = await running.hub.app.ctx.store.messages(opened.conversationId, 0);
    const copies = stored.filter((m) => m.from === 'citizen');
    expect(copies).to.have.length(1);
    expect(again).to.include({ status: 'stored', seq: copies[0]!.seq, repeated: true });
  });

  it('over the chat socket: the same idempotencyKey is acked with the same seq', async () => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/conversations/${conv.id}/socket`);
    const frames: any[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    const first = (pick: (f: any) => boolean) =>
      new Promise<any>((resolve) => {
        const look = () => {
          const frame = frames.find(pick);
          if (frame) resolve(frame);
          else ws.once('message', look);
        };
        look();
      });
    const acked = (ref: string) => first((f) => f.ref === ref);
    ws.send(JSON.stringify({ type: 'auth', token: conv.token }));
    await first((f) => f.type === 'messages'); // authenticated: the transcript so far came
    ws.send(JSON.stringify({ type: 'message', text: 'où est le commissariat ?', ref: 'a', idempotencyKey: 'sock-1' }));
    const stored = await acked('a');
    ws.send(JSON.stringify({ type: 'message', text: 'où est le commissariat ?', ref: 'b', idempotencyKey: 'sock-1' }));
    const second = await acked('b');
    ws.send(JSON.stringify({ type: 'message', text: 'autre chose', ref: 'c', idempotencyKey: 'sock-1' }));
    const reused = await acked('c');
    ws.close();
    expect(stored.type).to.equal('ack');
    expect(second).to.deep.equal({ type: 'ack', seq: stored.seq, ref: 'b' });
    expect(reused.error.code).to.equal('idempotency_key_reused');
    const citizen = (await transcript(url, conv.id, conv.token)).filter((m) => m.from === 'citizen');
    expect(citizen.map((m) => m.text)).to.deep.equal(['où est le commissariat ?']);
  });
});

describe('a citizen message stored and then refused (503)', function () {
  this.timeout(30_000);
  const clock = testClock(); // time stands still: a turn lease runs out only when the test says so
  const confirmation = refusingConfirmation();
  const running = useTestHub({}, { clock, confirmWrite: confirmation.confirmWrite });

  it('gets its answer without waiting for the turn lease its write took to run out', async () => {
    // The write leased the bot's turn to this process; the refusal came before the turn started. The
    // lease is given back at once: a write kept is answered now, not 3 s later (or never, with this clock).
    const { url } = running.hub;
    const conv = (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
    confirmation.refuseNext(1);
    const refused = await post(url, conv.id, conv.token, { text: 'comment faire une procuration ?' });
    expect(refused.status).to.equal(503);
    await until(async () => (await transcript(url, conv.id, conv.token)).some((m) => m.from === 'bot' && /procuration/i.test(m.text)), 'the answer', 10_000);
  });

  it('on a messaging app, a conversation opened by a refused first message is welcomed at once', async () => {
    // The first message opens the conversation with its welcome; the opening is refused after its write,
    // so the webhook answers 503. The welcome kept with it leaves now, not at the next delivery sweep.
    const channel = new TestChannel({ id: 'telegram' });
    await running.hub.app.hub.addChannel(channel);
    confirmation.refuseNext(1);
    const failure = await channel.say('yann', 'bonjour', 'update-1').catch((err: Error) => err);
    expect((failure as Error).name).to.equal('NotReplicatedError');
    await until(() => channel.sent.some((s) => s.user === 'yann'), 'the welcome', 10_000);
  });
});

describe('a machine-translated citizen message sent again under its key', function () {
  this.timeout(30_000);
  let fake: FakeLibreTranslate;
  before(async () => {
    fake = await startFakeLibreTranslate();
  });
  const running = useTestHub(() => ({ TRANSLATE_URL: fake.url }));
  after(() => fake?.close());

  it('is found before its text goes to the translation server again', async () => {
    const { hub } = running;
    const conv = (await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'tr' } })).body;
    const text = 'nasıl şikayette bulunabilirim?';
    const first = await post(hub.url, conv.id, conv.token, { text }, 'tr-1');
    expect(first.status).to.equal(202);
    await until(async () => (await transcript(hub.url, conv.id, conv.token)).some((m) => m.seq > first.body.seq && m.from === 'bot'), 'the answer');
    const calls = { ...fake.calls };
    const again = await post(hub.url, conv.id, conv.token, { text }, 'tr-1');
    expect(again).to.deep.equal({ status: 202, body: { seq: first.body.seq } });
    expect(fake.calls).to.deep.equal(calls);
  });
});
