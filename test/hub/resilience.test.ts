/** Several hub processes on one Redis, a Redis restart, and retention. */
import { testClock } from '../helpers/clock.js';
import { expect } from 'chai';
import { closeIdleBotConversations } from '../../src/conversations/retention.js';
import { ROOT, call, startTestHub, useTestHub, waitForMessage, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('hubs sharing one Redis', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let a: TestHub;
  let b: TestHub;
  before(async () => {
    redis = await startTestRedis({ appendonly: true });
    a = await startTestHub(redis.url);
    b = await startTestHub(redis.url);
    await a.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('lets a citizen on one process talk to an agent on another', async () => {
    const { body: conv } = await call(`${a.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${a.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(a.url, conv.id, conv.token, (m) => m.from === 'system');
    const agent = (await call(`${b.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    expect((await call(`${b.url}/api/v1/agent/queue`, { token: agent })).body.waiting.map((w: any) => w.id)).to.include(conv.id);
    expect((await call(`${b.url}/api/v1/agent/conversations/${conv.id}/claim`, { method: 'POST', token: agent })).status).to.equal(200);
    const last = (await call(`${a.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages.at(-1).seq;
    // The citizen long-polls on process A while the agent answers through process B.
    // Whether the reply lands before or after the poll subscribes, the poll returns it (it reads again once subscribed).
    const poll = call(`${a.url}/api/v1/conversations/${conv.id}/messages?after=${last}&wait=20000`, { token: conv.token });
    await call(`${b.url}/api/v1/agent/conversations/${conv.id}/messages`, { token: agent, body: { text: 'Je suis là.' } });
    const { body } = await poll;
    expect(body.messages.map((m: any) => m.text)).to.include('Je suis là.');
  });

  it('answers, at the next start, a message stored just before a hub died', async () => {
    const { body: conv } = await call(`${a.url}/api/v1/conversations`, { body: {} });
    // As if the hub had died right after storing the message: the turn is owed, nobody was woken.
    const seq = await a.app.ctx.store.appendCitizen(conv.id, { from: 'citizen', text: 'Comment porter plainte pour un vol ?' });
    const c = await startTestHub(redis.url);
    try {
      const reply = await waitForMessage(c.url, conv.id, conv.token, (m) => m.from === 'bot', seq);
      expect(reply.seq).to.be.greaterThan(seq!);
    } finally {
      await c.stop();
    }
  });

  it('rides out a Redis restart without losing a conversation', async () => {
    const { body: conv } = await call(`${a.url}/api/v1/conversations`, { body: {} });
    await call(`${a.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'où trouver une attestation de déplacement ?' } });
    await waitForMessage(a.url, conv.id, conv.token, (m) => m.from === 'bot' && m.seq > 2);
    await redis.kill('SIGTERM');
    await until(async () => (await call(`${a.url}/health`)).status === 503);
    // While Redis is away the API answers at once that it is unavailable, instead of hanging.
    const down = await call(`${a.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'allô ?' } });
    expect(down.status).to.equal(503);
    expect(down.body.error.code).to.equal('unavailable');
    await redis.restart();
    await until(async () => (await call(`${a.url}/health`)).status === 200);
    const sent = await until(
      async () =>
        (await call(`${b.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'Comment porter plainte ?' } })).status === 202,
    ).then(() => true);
    expect(sent).to.equal(true);
    const messages = (await call(`${a.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages;
    expect(messages.filter((m: any) => m.from === 'citizen').map((m: any) => m.text)).to.include('où trouver une attestation de déplacement ?');
    const asked = messages.findLast((m: any) => m.text === 'Comment porter plainte ?').seq;
    await waitForMessage(a.url, conv.id, conv.token, (m) => m.from === 'bot' && m.seq > asked && m.text.length > 0, asked);
  });
});

describe('retention', function () {
  this.timeout(30_000);
  const running = useTestHub({ RETENTION_HOURS: '0' });

  it('closes conversations left with the bot, never one waiting for an agent', async () => {
    const { hub } = running;
    const { store } = hub.app.ctx;
    const { body: left } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const { body: waiting } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    await call(`${hub.url}/api/v1/conversations/${waiting.id}/messages`, { token: waiting.token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(hub.url, waiting.id, waiting.token, (m) => m.from === 'system');
    const later = Date.now() + 2 * 3600_000;
    expect(await closeIdleBotConversations(store, 3600_000, later)).to.equal(1);
    expect((await store.get(left.id))?.mode).to.equal('closed');
    expect((await store.get(waiting.id))?.mode).to.equal('waiting');
    const refused = await call(`${hub.url}/api/v1/conversations/${left.id}/messages`, { token: left.token, body: { text: 're-bonjour' } });
    expect(refused.status).to.equal(409);
    expect(await store.purgeClosedBefore(later)).to.be.at.least(1);
    expect(await store.get(left.id)).to.equal(undefined);
  });

  it('purges a closed conversation once its survey is answered, keeping only anonymous counts', async () => {
    const { hub, redis } = running;
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    await call(`${hub.url}/api/v1/conversations/${conv.id}/close`, { token: conv.token, body: {} });
    await waitForMessage(hub.url, conv.id, conv.token, (m) => m.choices?.some((c: any) => c.id === 'survey.2'));
    // Still there for the survey answer during the grace period...
    expect(await hub.app.ctx.store.purgeClosedBefore(Date.now())).to.equal(0);
    await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { choice: 'survey.2' } });
    await until(async () => (await hub.app.ctx.store.get(conv.id))?.mode === 'closed');
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, [`${ROOT}/bin/relais.js`, 'purge'], {
      env: { ...process.env, REDIS_URL: redis.url, RETENTION_HOURS: '0', LOG_LEVEL: 'silent' },
      cwd: ROOT,
    }).toString();
    expect(out).to.match(/purged 1 conversation/);
    expect((await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).status).to.equal(404);
    expect((await hub.app.ctx.stats.snapshot()).satisfaction['2']).to.equal(1);
  });
});

describe('rate limits', function () {
  this.timeout(30_000);
  // The limits count per clock minute: the hub's clock starts at the top of one and does not move.
  const running = useTestHub({ RATE_LIMITS: 'on' }, { clock: testClock() });

  it("answers 429 in the contract shape past a conversation's budget, and keeps what came before", async () => {
    const { hub } = running;
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      statuses.push((await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: `message ${i}` } })).status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 202)).to.equal(true);
    const refused = await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'encore' } });
    expect(refused.status).to.equal(429);
    expect(refused.body.error.code).to.equal('rate_limited');
    const kept = (await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages.filter(
      (m: any) => m.from === 'citizen',
    );
    expect(kept).to.have.length(60);
  });

  it("does not let a stranger's wrong tokens spend a conversation's budget", async () => {
    const { hub } = running;
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const post = (token: string, body: unknown) => call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token, body });
    const strangers: number[] = [];
    for (let i = 0; i < 70; i++) strangers.push((await post(`wrong-${i % 2}`, i % 3 ? { text: `spam ${i}` } : { nope: 1 })).status);
    expect([...new Set(strangers)]).to.deep.equal([404]); // never 400 (the body) nor 429 before the token
    expect((await post(conv.token, { text: 'bonjour' })).status).to.equal(202);
  });

  it('counts the citizen\u2019s messages and choices of language in one budget', async () => {
    const { hub } = running;
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const base = `${hub.url}/api/v1/conversations/${conv.id}`;
    for (let i = 0; i < 59; i++) expect((await call(`${base}/messages`, { token: conv.token, body: { text: `m ${i}` } })).status).to.equal(202);
    expect((await call(`${base}/locale`, { token: conv.token, body: { locale: 'en' } })).status).to.equal(200);
    expect((await call(`${base}/messages`, { token: conv.token, body: { text: 'one too many' } })).status).to.equal(429);
  });
});
