/** Thirty more languages through machine translation (issue 12): a local fake of the LibreTranslate
 * API speaking its documented wire format (test/helpers/libretranslate.ts) on loopback. A Turkish
 * citizen reads the bot and an agent in Turkish, marked as machine-translated, the emergency numbers intact; with the server down or slow (the timeout runs
 * on the injected clock: no real wait), they read French with a notice, and nothing is lost. */
import { expect } from 'chai';
import { emergencyNumbersKept, protect, restore } from '../../src/i18n/protect.js';
import { type TestClock, testClock } from '../helpers/clock.js';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { type FakeLibreTranslate, startFakeLibreTranslate } from '../helpers/libretranslate.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

/** What the fake translates for real (Turkish → French); everything else becomes "⟨target⟩ text". */
const TURKISH: Record<string, string> = {
  'Bisikletim bu sabah çalındı, ne yapmalıyım?': 'On m’a volé mon vélo ce matin, que dois-je faire ?',
  'Bir polis memuruyla konuşmak istiyorum lütfen': 'Je voudrais parler à un policier, s’il vous plaît',
  'Telefonumu çaldılar, şikayette bulunmak istiyorum': 'On m’a volé mon téléphone, je veux porter plainte',
};

const STOLEN_PHONE = 'Telefonumu çaldılar, şikayette bulunmak istiyorum';
const AGENT_PLEASE = 'Bir polis memuruyla konuşmak istiyorum lütfen';

/** Polls real state (no fixed sleep); fails after `timeoutMs` of real time. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const MARKER_TR = '🌐 ⟨tr⟩ Traduction automatique';
const NOTICE = '⚠️ La traduction automatique est indisponible pour le moment';

describe('thirty more languages through machine translation', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let fake: FakeLibreTranslate;
  let hub: TestHub;
  let clock: TestClock;
  const transcript = (id: string) => hub.app.ctx.store.messages(id, 0, { internal: true });
  const open = async (target: TestHub, locale: string) => (await call(`${target.url}/api/v1/conversations`, { body: { locale } })).body;
  const say = (target: TestHub, conv: { id: string; token: string }, text: string) =>
    call(`${target.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text } });

  before(async () => {
    fake = await startFakeLibreTranslate(TURKISH);
    redis = await startTestRedis();
    clock = testClock();
    hub = await startTestHub(redis.url, { TRANSLATE_URL: fake.url }, { clock });
    await hub.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
  });
  after(async () => {
    await hub?.stop();
    await redis?.stop();
    await fake?.close();
  });

  it('welcomes and answers a Turkish citizen in Turkish, marked, emergency numbers and links intact', async () => {
    const conv = await open(hub, 'tr');
    const welcome = (await transcript(conv.id)).filter((m) => m.from === 'bot');
    expect(welcome.length).to.be.greaterThan(0);
    for (const m of welcome) {
      expect(m.translated).to.equal(true);
      expect(m.text.startsWith('⟨tr⟩ ')).to.equal(true);
      expect(m.text.endsWith(MARKER_TR)).to.equal(true);
      expect(m.original?.locale).to.equal('fr');
      expect(m.text).to.include(m.original!.text); // the fake only prefixes: every number, link and code came back verbatim
    }
    const menu = welcome.at(-1)!;
    expect(menu.choices!.every((c) => c.label.startsWith('⟨tr⟩ '))).to.equal(true);
    // The welcome names the emergency numbers: the ones of the French text, unchanged.
    expect(welcome.map((m) => m.text).join(' '))
      .to.match(/\b17\b/)
      .and.to.match(/\b112\b/);
    // Nothing of the numbers went to the server: it saw tokens only.
    expect(fake.translated.some((t) => /\b(17|112)\b/.test(t.q))).to.equal(false);

    expect((await say(hub, conv, 'Bisikletim bu sabah çalındı, ne yapmalıyım?')).status).to.equal(202);
    const all = await until(
      () => transcript(conv.id),
      (ms) => ms.some((m) => m.from === 'bot' && m.seq > welcome.at(-1)!.seq && m.original?.text.includes('Ma Sécurité')),
      'the theft answer',
    );
    const asked = all.find((m) => m.from === 'citizen')!;
    expect(asked.text).to.equal('Bisikletim bu sabah çalındı, ne yapmalıyım?'); // the original is what is stored
    expect(asked.translation).to.deep.equal({ text: 'On m’a volé mon vélo ce matin, que dois-je faire ?', locale: 'fr', from: 'tr' });
    expect(asked.triage?.intent).to.equal('vol'); // triaged on its translation
    const answer = all.find((m) => m.from === 'bot' && m.original?.text.includes('Ma Sécurité'))!;
    expect(answer.translated).to.equal(true);
    expect(answer.text.endsWith(MARKER_TR)).to.equal(true);
    const originalLinks = answer.links ?? [];
    expect(originalLinks.length).to.be.greaterThan(0);
    for (const l of originalLinks) expect(l.url).to.match(/^https:\/\//); // links kept, only their labels translated
    expect(fake.calls.detect).to.be.greaterThan(0);

    // The citizen's API: the translation for agents is not part of their view; the bot's original is.
    const view = (await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages;
    expect(view.some((m: any) => m.translation)).to.equal(false);
    expect(view.find((m: any) => m.seq === answer.seq).original.locale).to.equal('fr');
  });

  it('translates the welcome once: a second Turkish citizen is served from the cache', async () => {
    const before = fake.calls.translate;
    const conv = await open(hub, 'tr');
    const welcome = (await transcript(conv.id)).filter((m) => m.from === 'bot');
    expect(welcome.every((m) => m.translated && m.text.endsWith(MARKER_TR))).to.equal(true);
    expect(fake.calls.translate).to.equal(before);
  });

  it('hands off in Turkish: the agent reads French beside every message, writes French, the citizen reads Turkish', async () => {
    const conv = await open(hub, 'tr');
    await say(hub, conv, STOLEN_PHONE);
    await until(
      () => transcript(conv.id),
      (ms) => ms.filter((m) => m.from === 'bot').length > 2,
      'the answer',
    );
    await say(hub, conv, AGENT_PLEASE);
    await until(
      () => hub.app.ctx.store.get(conv.id),
      (c) => c?.mode === 'waiting',
      'the hand-off',
    );
    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    expect((await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/claim`, { method: 'POST', token: agent })).status).to.be.oneOf([200, 204]);
    const seen = (await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/messages`, { token: agent })).body.messages;
    const citizen = seen.filter((m: any) => m.from === 'citizen');
    expect(citizen.map((m: any) => m.translation?.text)).to.deep.equal([TURKISH[STOLEN_PHONE], TURKISH[AGENT_PLEASE]]);

    const before = fake.calls.translate;
    for (let i = 0; i < 2; i++)
      await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/messages`, {
        token: agent,
        body: { text: 'Bonjour, je vous écoute. Le 17 reste joignable.' },
      });
    const replies = (await transcript(conv.id)).filter((m) => m.from === 'agent');
    expect(replies).to.have.length(2);
    for (const r of replies) {
      expect(r.text).to.equal(`⟨tr⟩ Bonjour, je vous écoute. Le 17 reste joignable.\n\n${MARKER_TR}`);
      expect(r.translated).to.equal(true);
      expect(r.original).to.deep.equal({ text: 'Bonjour, je vous écoute. Le 17 reste joignable.', locale: 'fr' });
    }
    // An agent's words are never cached: each reply went to the server.
    expect(fake.calls.translate - before).to.equal(2);
  });

  it('sends the French text with the notice when a translation would alter an emergency number', async () => {
    fake.mode = 'mangle'; // the server turns the first protected part into "71"
    try {
      // Polish: nothing of it is cached yet, so every message goes to the (mangling) server.
      const conv = await open(hub, 'pl');
      const welcome = (await transcript(conv.id)).filter((m) => m.from === 'bot');
      const named = welcome.find((m) => /\b112\b/.test(m.text))!;
      expect(named.translated).to.equal(undefined);
      expect(named.text)
        .to.match(/\b17\b/)
        .and.not.include('71');
      expect(welcome.some((m) => m.text.includes(NOTICE))).to.equal(true);
    } finally {
      fake.mode = 'ok';
    }
  });

  it('keeps every protected part and refuses a translation that lost or changed one', () => {
    const text = 'Appelez le 17 ou le 112, voyez https://www.masecurite.interieur.gouv.fr, code K7QM-2XPA-9RTD, {{back}}.';
    const { text: sent, kept } = protect(text);
    expect(sent).to.not.match(/17|112|https|K7QM|back/);
    expect(restore(sent, kept)).to.equal(text);
    expect(restore(sent.replace('[[0]]', '71'), kept)).to.equal(undefined);
    expect(restore(`${sent} [[1]]`, kept)).to.equal(undefined);
    expect(emergencyNumbersKept(text, text.replace('112', '113'))).to.equal(false);
    expect(emergencyNumbersKept('le 17', 'الرقم ١٧')).to.equal(true);
  });

  describe('with the server answering after 10 s', () => {
    let slowRedis: TestRedis;
    let slowFake: FakeLibreTranslate;
    let slow: TestHub;
    let slowClock: TestClock;
    before(async () => {
      // A hub of its own: nothing is cached, so the Turkish welcome needs the (slow) server.
      slowFake = await startFakeLibreTranslate(TURKISH);
      slowFake.mode = 'slow';
      slowRedis = await startTestRedis();
      slowClock = testClock();
      slow = await startTestHub(slowRedis.url, { TRANSLATE_URL: slowFake.url }, { clock: slowClock });
    });
    after(async () => {
      await slow?.stop();
      await slowRedis?.stop();
      await slowFake?.close(); // "after 10 s": too late, and harmless
    });

    it('welcomes and answers a Turkish citizen in French with a one-line notice, and loses nothing', async () => {
      const read = (id: string) => slow.app.ctx.store.messages(id, 0, { internal: true });
      const opening = open(slow, 'tr');
      await slowFake.heldSignal;
      await slowClock.tick(3000); // the hub's timeout, on its clock: the 10 s answer is not waited for
      const conv = await opening;
      const welcome = (await read(conv.id)).filter((m) => m.from === 'bot');
      expect(welcome.some((m) => m.text.includes(NOTICE))).to.equal(true);
      expect(welcome.every((m) => !m.translated)).to.equal(true);
      expect(welcome.map((m) => m.text).join(' ')).to.match(/\b17\b/);

      // The server is left alone for a while: the next message costs no timeout at all.
      const held = slowFake.held.length;
      expect((await say(slow, conv, 'Bisikletim bu sabah çalındı, ne yapmalıyım?')).status).to.equal(202);
      const all = await until(
        () => read(conv.id),
        (ms) => ms.filter((m) => m.from === 'bot').length > welcome.length,
        'the answer',
      );
      expect(slowFake.held.length).to.equal(held);
      expect(all.find((m) => m.from === 'citizen')!.text).to.equal('Bisikletim bu sabah çalındı, ne yapmalıyım?');
      const later = all.filter((m) => m.from === 'bot' && m.seq > welcome.at(-1)!.seq);
      expect(later.every((m) => !m.translated)).to.equal(true);
      expect(later.some((m) => m.text.includes(NOTICE))).to.equal(true);
      expect((await slow.app.ctx.store.get(conv.id))?.translateTo).to.equal('tr');
    });
  });

  describe('with the server down', () => {
    let downRedis: TestRedis;
    let down: TestHub;
    before(async () => {
      downRedis = await startTestRedis();
      down = await startTestHub(downRedis.url, { TRANSLATE_URL: 'http://127.0.0.1:1' });
    });
    after(async () => {
      await down?.stop();
      await downRedis?.stop();
    });

    it('welcomes and answers a Turkish citizen in French with the notice, and loses nothing', async () => {
      const conv = await open(down, 'tr');
      const read = () => down.app.ctx.store.messages(conv.id, 0, { internal: true });
      const welcome = (await read()).filter((m) => m.from === 'bot');
      expect(welcome.some((m) => m.text.includes(NOTICE))).to.equal(true);
      expect(welcome.map((m) => m.text).join(' ')).to.match(/\b112\b/);
      expect((await say(down, conv, 'Bisikletim bu sabah çalındı, ne yapmalıyım?')).status).to.equal(202);
      const all = await until(read, (ms) => ms.filter((m) => m.from === 'bot').length > welcome.length, 'the answer');
      const asked = all.find((m) => m.from === 'citizen')!;
      expect(asked.text).to.equal('Bisikletim bu sabah çalındı, ne yapmalıyım?');
      expect(asked.triage).to.not.equal(undefined);
      const later = all.filter((m) => m.from === 'bot' && m.seq > asked.seq);
      expect(later.every((m) => !m.translated)).to.equal(true);
      expect(later.some((m) => m.text.includes(NOTICE))).to.equal(true);
      expect((await down.app.ctx.store.get(conv.id))?.translateTo).to.equal('tr');
    });
  });
});
