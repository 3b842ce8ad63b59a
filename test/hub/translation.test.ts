/** TRANSLATE_URL: agents write French, a citizen writing English reads English, through a local
 * LibreTranslate-compatible fake (the wire format of POST /translate). Thirty more languages:
 * test/hub/translation-30.test.ts. */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTranslator } from '../../src/i18n/translator.js';
import { call, startTestHub, waitForMessage, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

/** Answers {translatedText: "<target>: <q>"}; `failNext` makes the next call a 500. */
function fakeLibreTranslate(): Promise<{ url: string; server: Server; requests: any[]; failNext: () => void }> {
  const requests: any[] = [];
  let fail = false;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const q = JSON.parse(body);
      requests.push(q);
      if (req.url !== '/translate' || fail) {
        fail = false;
        res.writeHead(500);
        res.end('{"error":"boom"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ translatedText: `${q.target}: ${q.q}` }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        requests,
        failNext: () => {
          fail = true;
        },
      }),
    ),
  );
}

describe('translated conversations', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let hub: TestHub;
  let fake: Awaited<ReturnType<typeof fakeLibreTranslate>>;
  before(async () => {
    fake = await fakeLibreTranslate();
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { TRANSLATE_URL: fake.url });
    await hub.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
  });
  after(async () => {
    await hub?.stop();
    await redis?.stop();
    fake?.server.close();
  });

  it('translates the agent for the citizen and the citizen for the agent', async () => {
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'en' } });
    await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'I want to talk to a police officer please' } });
    await waitForMessage(hub.url, conv.id, conv.token, (m) => m.from === 'system');
    const agent = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/claim`, { method: 'POST', token: agent });
    await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/messages`, { token: agent, body: { text: 'Bonjour, je vous écoute.' } });
    const reply = await waitForMessage(hub.url, conv.id, conv.token, (m) => m.from === 'agent');
    // Marked as machine-translated: a field, and a line every channel shows (issue 12).
    expect(reply.text).to.equal('en: Bonjour, je vous écoute.\n\n🌐 Machine translation');
    expect(reply.translated).to.equal(true);
    expect(reply.original).to.deep.equal({ text: 'Bonjour, je vous écoute.', locale: 'fr' });

    await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'My bike was stolen this morning' } });
    const seen = async () => (await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/messages`, { token: agent })).body.messages;
    // The translation is read when the message arrives and kept beside it, for agents only.
    const bike = (await seen()).find((m: any) => m.from === 'citizen' && m.text === 'My bike was stolen this morning');
    expect(bike.translation).to.deep.equal({ text: 'fr: My bike was stolen this morning', locale: 'fr', from: 'en' });
    const citizenView = (await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages;
    expect(citizenView.some((m: any) => m.internal || m.translation)).to.equal(false);
  });

  it("sends the agent's own words when the translation server fails", async () => {
    const translator = createTranslator(fake.url);
    fake.failNext();
    expect(await translator.translate('Bonjour', 'fr', 'en')).to.equal(undefined);
    expect(await createTranslator('http://127.0.0.1:1').translate('Bonjour', 'fr', 'en')).to.equal(undefined);
    expect(await translator.translate('Bonjour', 'fr', 'fr')).to.equal(undefined);
  });
});
