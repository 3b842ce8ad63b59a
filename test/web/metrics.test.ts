/** GET /metrics: prom-client text, protected by METRICS_TOKEN (or loopback only), with a per-address budget. */
import { expect } from 'chai';
import sinon from 'sinon';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';
import { isLocalCaller, isLoopback, METRICS_LIMIT, tokenMatches } from '../../src/web/metrics.js';

const TOKEN = 'x'.repeat(32);
const SECRET_TEXT = 'Mon voisin Jean-Michel Dupuis me menace, je voudrais parler à un policier';

function scrape(url: string, token?: string): Promise<Response> {
  return fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('GET /metrics with METRICS_TOKEN', function () {
  this.timeout(30_000);
  // RATE_LIMITS on: the last test spends the per-address budget.
  const running = useTestHub({ METRICS_TOKEN: TOKEN, RATE_LIMITS: 'on' });

  it('answers 401 in the contract shape without the token or with a wrong one', async () => {
    for (const token of [undefined, 'y'.repeat(32), `${TOKEN}x`, TOKEN.slice(1)]) {
      const res = await scrape(running.hub.url, token);
      expect(res.status, String(token)).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.equal('Bearer');
      const body = await res.json();
      expect(body.error.code).to.equal('unauthorized');
      expect(body.error.message).to.be.a('string');
    }
    const basic = await fetch(`${running.hub.url}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`a:${TOKEN}`).toString('base64')}` } });
    expect(basic.status).to.equal(401);
  });

  it('answers the figures with the token, and no message text', async () => {
    const { url } = running.hub;
    const { body: conv } = await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: SECRET_TEXT } });
    await waitForMessage(url, conv.id, conv.token, (m) => m.from === 'system' && /position/.test(m.text));

    const res = await scrape(url, TOKEN);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await res.text();
    expect(text).to.match(/^relais_conversations_started_total [1-9]\d*$/m);
    expect(text).to.match(/^relais_messages_received_total [1-9]\d*$/m);
    expect(text).to.match(/^relais_queue_waiting\{urgent="true"\} 0$/m);
    expect(text).to.match(/^relais_queue_waiting\{urgent="false"\} 1$/m);
    expect(text).to.match(/^relais_satisfaction_total\{rating="4"\} 0$/m);
    expect(text).to.match(/^# TYPE relais_handoffs_total counter$/m);
    expect(text).to.match(/^process_resident_memory_bytes \d+/m);
    expect(text).to.match(/^nodejs_eventloop_lag_seconds /m);
    for (const fragment of ['Jean-Michel', 'Dupuis', 'voisin', conv.id, conv.token]) expect(text).not.to.include(fragment);
  });

  it('reads the figures again at each scrape', async () => {
    const { url } = running.hub;
    const count = async (): Promise<number> => Number(/^relais_conversations_started_total (\d+)$/m.exec(await (await scrape(url, TOKEN)).text())![1]);
    const before = await count();
    await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } });
    expect(await count()).to.equal(before + 1);
  });

  it('reads the counters and the queue once per scrape, whatever the number of series', async () => {
    const { stats, handoff } = running.hub.app.ctx;
    const snapshot = sinon.spy(stats, 'snapshot');
    const count = sinon.spy(handoff, 'count');
    const list = sinon.spy(handoff, 'list');
    try {
      expect((await scrape(running.hub.url, TOKEN)).status).to.equal(200);
      // The queue is counted on its index, never listed.
      expect([snapshot.callCount, count.callCount, list.callCount]).to.deep.equal([1, 1, 0]);
    } finally {
      snapshot.restore();
      count.restore();
      list.restore();
    }
  });

  it('answers two scrapes at once with the same figures', async () => {
    const texts = await Promise.all([scrape(running.hub.url, TOKEN), scrape(running.hub.url, TOKEN)].map(async (r) => (await r).text()));
    const [a, b] = texts.map((t) => t.split('\n').filter((l) => l.startsWith('relais_')));
    expect(a.length).to.be.greaterThan(10);
    expect(b).to.deep.equal(a);
  });

  it(`answers 429 after ${METRICS_LIMIT.max} scrapes a minute from one address`, async () => {
    // Fixed windows: 2 × max + a few consecutive scrapes put more than max in one window.
    let limited: Response | undefined;
    for (let i = 0; i < 2 * METRICS_LIMIT.max + 5 && !limited; i++) {
      const res = await scrape(running.hub.url, TOKEN);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited, 'no 429').not.to.equal(undefined);
    expect((await limited!.json()).error.code).to.equal('rate_limited');
  });
});

describe('GET /metrics without METRICS_TOKEN', function () {
  this.timeout(30_000);
  const running = useTestHub();

  it('answers a loopback caller', async () => {
    const res = await scrape(running.hub.url);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.match(/^relais_conversations_started_total \d+$/m);
  });

  it('refuses a request relayed by a proxy on this machine', async () => {
    const res = await fetch(`${running.hub.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).to.equal(403);
    expect((await res.json()).error.code).to.equal('forbidden');
  });

  it('knows loopback addresses from others', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopback(address), address).to.equal(true);
    for (const address of ['10.0.0.1', '192.168.1.10', '128.0.0.1', '::2', 'fe80::1', '::ffff:10.0.0.1', '2001:db8::1', '', 'localhost', 'unknown', undefined])
      expect(isLoopback(address), String(address)).to.equal(false);
  });

  it('takes a caller as local only when it is loopback and not relayed', () => {
    expect(isLocalCaller('127.0.0.1', {})).to.equal(true);
    expect(isLocalCaller('::1', { accept: 'text/plain' })).to.equal(true);
    expect(isLocalCaller('203.0.113.7', {})).to.equal(false);
    expect(isLocalCaller('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' })).to.equal(false);
    expect(isLocalCaller('127.0.0.1', { forwarded: 'for=203.0.113.7' })).to.equal(false);
    expect(isLocalCaller('127.0.0.1', { 'x-real-ip': '203.0.113.7' })).to.equal(false);
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches(TOKEN, TOKEN)).to.equal(true);
    expect(tokenMatches('', TOKEN)).to.equal(false);
    expect(tokenMatches(TOKEN.toUpperCase(), TOKEN)).to.equal(false);
    expect(tokenMatches(`${TOKEN} `, TOKEN)).to.equal(false);
  });
});
