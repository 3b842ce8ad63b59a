/** Outgoing webhooks (issue 14): hand-offs, urgent conversations and closings POSTed, signed, to a
 * receiver on loopback; a 5xx is retried on the hub's clock; nothing a citizen wrote leaves; the
 * deliveries are kept in Redis, so another process sends them after a restart, each once. */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toEnvelope, verifyWebhook } from '../../src/webhooks/index.js';
import { testClock } from '../helpers/clock.js';
import { call, startTestHub, type TestHub, waitForMessage } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const SECRET = 'webhook-secret-0123456789abcdef0123456789';
const PASSWORD = 'correct horse battery';
const ASK_AGENT = 'je voudrais parler à un policier';
const DANGER = 'Au secours mon mari est en train de me frapper, il a un couteau';
const DOUBT = "Mon voisin âgé n'a pas ouvert ses volets depuis trois jours";

/** A receiver on loopback: records each request, answers the next status queued (200 when none). */
class Receiver {
  readonly received: { headers: IncomingHttpHeaders; raw: string; body: any }[] = [];
  readonly statuses: number[] = [];
  private readonly waiters: (() => void)[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
        res.statusCode = this.statuses.shift() ?? 200;
        res.end();
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/relais`;
  }

  /** Waits (real time, bounded) until `count` requests match. */
  async waitFor(predicate: (r: Receiver['received'][number]) => boolean, count = 1, timeoutMs = 10_000): Promise<Receiver['received']> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} webhook(s), got ${found.length}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }
}

describe('outgoing webhooks: payload', () => {
  it('carries ids, states and times only, and verifies against its raw body', () => {
    const conv = {
      id: '7b0d3c5e-1111-4222-8333-944445555666',
      channel: 'telegram',
      locale: 'fr',
      mode: 'waiting' as const,
      step: 'welcome',
      offered: [],
      clarifyCount: 0,
      processedSeq: 2,
      urgent: false,
      askedDanger: true,
      intent: 'violences',
      userHash: 'secret-user-hash',
      address: { chatId: '123456789' },
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T09:01:00.000Z',
      waitingSince: '2026-12-01T09:01:00.000Z',
    };
    const envelope = toEnvelope({ event: 'handed_off', at: '2026-12-01T09:01:00.000Z', conv, skills: ['vss'], afterHours: false });
    expect(envelope.conversation).to.deep.equal({
      id: conv.id,
      channel: 'telegram',
      intent: 'violences',
      danger: 'maybe',
      skills: ['vss'],
      afterHours: false,
      createdAt: conv.createdAt,
      waitingSince: conv.waitingSince,
      claimedAt: null,
      closedAt: null,
    });
    expect(JSON.stringify(envelope)).not.to.match(/secret-user-hash|123456789/);
    const raw = JSON.stringify({ ...envelope, delivery: 'd1', sentAt: '2026-12-01T09:01:00.000Z' });
    const header = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
    const now = Date.parse('2026-12-01T09:02:00Z');
    expect(verifyWebhook(raw, header, SECRET, now)).to.equal(true);
    expect(verifyWebhook(raw.replace('telegram', 'whatsapp'), header, SECRET, now)).to.equal(false);
    expect(verifyWebhook(raw, header, SECRET, now + 10 * 60_000), 'a replay ten minutes later').to.equal(false);
  });
});

describe('outgoing webhooks: OUTGOING_WEBHOOKS', function () {
  this.timeout(60_000);
  const clock = testClock();
  const receiver = new Receiver();
  let redis: TestRedis;
  let hub: TestHub;
  let other: TestHub | undefined;
  let agentToken = '';
  const env = () => ({ OUTGOING_WEBHOOKS: receiver.url, OUTGOING_WEBHOOK_SECRET: SECRET });

  before(async () => {
    await receiver.start();
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, env(), { clock });
    await hub.app.ctx.accounts.add('ann', PASSWORD, 'agent', { display: 'Gardien Ann' });
    agentToken = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'ann', password: PASSWORD } })).body.token;
  });
  after(async () => {
    await other?.stop();
    await hub?.stop();
    await redis?.stop();
    await receiver.stop();
  });

  async function conversation(text: string): Promise<{ id: string; token: string }> {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text } });
    return body;
  }

  const about = (id: string, event: string) => (r: Receiver['received'][number]) => r.body.conversation.id === id && r.body.event === event;

  it('signs a hand-off, retries a 500 once on the clock, then sends it no more', async () => {
    receiver.statuses.push(500);
    const { id } = await conversation(ASK_AGENT);
    const [first] = await receiver.waitFor(about(id, 'handed_off'));
    // The retry waits for the hub's clock (1 s backoff), not for real time.
    expect(await hub.app.outgoingWebhooks.pending()).to.equal(1);
    await clock.tick(1000);
    const both = await receiver.waitFor(about(id, 'handed_off'), 2);
    await hub.app.outgoingWebhooks.flush();
    expect(await hub.app.outgoingWebhooks.pending()).to.equal(0);
    await clock.tick(5000);
    await hub.app.outgoingWebhooks.flush();
    expect(receiver.received.filter(about(id, 'handed_off'))).to.have.length(2);

    for (const r of both) {
      expect(verifyWebhook(r.raw, r.headers['x-relais-signature'] as string, SECRET, clock.now()), 'signature').to.equal(true);
      expect(r.headers['x-relais-event']).to.equal('handed_off');
      expect(r.headers['x-relais-delivery']).to.equal(r.body.delivery);
      expect(Number(r.headers['x-relais-timestamp'])).to.equal(Math.floor(Date.parse(r.body.sentAt) / 1000));
    }
    expect(both[1].body.delivery, 'a retry is the same delivery').to.equal(first.body.delivery);
    expect(Date.parse(both[1].body.sentAt) - Date.parse(first.body.sentAt)).to.equal(1000);
    expect(first.body.conversation).to.include({ id, channel: 'api', intent: 'agent', danger: 'none', afterHours: false });
    expect(first.body.conversation.skills).to.deep.equal([]);
    expect(first.body.conversation.waitingSince).to.be.a('string');
  });

  it('tells of an urgent conversation and of its closing, never with its words', async () => {
    const { id } = await conversation(DANGER);
    const [handedOff] = await receiver.waitFor(about(id, 'handed_off'));
    const [urgent] = await receiver.waitFor(about(id, 'urgent'));
    expect(handedOff.body.conversation.danger).to.equal('now');
    expect(urgent.body.conversation).to.include({ id, danger: 'now' });
    expect(urgent.body.conversation.skills).to.deep.equal(['vss']);

    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agentToken })).status).to.equal(200);
    await call(`${hub.url}/api/v1/agent/conversations/${id}/messages`, { token: agentToken, body: { text: 'Les secours sont prévenus, restez en ligne.' } });
    await call(`${hub.url}/api/v1/agent/conversations/${id}/close`, { token: agentToken, body: { outcome: 'secours envoyés chez Mme Martin' } });
    const [closed] = await receiver.waitFor(about(id, 'closed'));
    expect(closed.body).to.include({ closedBy: 'agent' });
    expect(closed.body.conversation.claimedAt).to.be.a('string');
    expect(closed.body.conversation.closedAt).to.be.a('string');

    // No text of anyone, no outcome, no token, no citizen identifier in any payload.
    const all = receiver.received.map((r) => r.raw).join('\n');
    for (const words of [DANGER, 'couteau', ASK_AGENT, 'secours', 'Martin', 'Gardien Ann', '"ann"']) expect(all).not.to.include(words);
    for (const r of receiver.received) {
      const keys =
        r.body.event === 'closed' ? ['at', 'closedBy', 'conversation', 'delivery', 'event', 'sentAt'] : ['at', 'conversation', 'delivery', 'event', 'sentAt'];
      expect(Object.keys(r.body).sort()).to.deep.equal(keys);
    }
  });

  it('tells of a yes to "are you in danger right now?" as urgent', async () => {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text: DOUBT } });
    await waitForMessage(hub.url, body.id, body.token, (m) => m.choices?.some((c: any) => c.id === 'danger.yes'));
    expect(
      receiver.received.filter((r) => r.body.conversation.id === body.id),
      'a doubt alone says nothing',
    ).to.have.length(0);
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { choice: 'danger.yes' } });
    const [urgent] = await receiver.waitFor(about(body.id, 'urgent'));
    expect(urgent.body.conversation.danger).to.equal('now');
    expect(urgent.raw).not.to.include('volets');
  });

  it('tells of a conversation an agent holds becoming urgent', async () => {
    const { id, token } = await conversation(ASK_AGENT);
    await receiver.waitFor(about(id, 'handed_off'));
    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agentToken })).status).to.equal(200);
    await call(`${hub.url}/api/v1/conversations/${id}/messages`, { token, body: { text: DANGER } });
    const [urgent] = await receiver.waitFor(about(id, 'urgent'));
    expect(urgent.body.conversation).to.include({ danger: 'now' });
    expect(urgent.body.conversation.claimedAt).to.be.a('string');
    expect(receiver.received.filter(about(id, 'handed_off')), 'no second hand-off').to.have.length(1);
  });

  it('drops the deliveries still pending about a conversation its citizen erased', async () => {
    receiver.statuses.push(500);
    const { id, token } = await conversation(ASK_AGENT);
    await receiver.waitFor(about(id, 'handed_off'));
    await hub.app.outgoingWebhooks.flush();
    expect(await hub.app.outgoingWebhooks.pending()).to.equal(1);
    expect((await call(`${hub.url}/api/v1/conversations/${id}`, { method: 'DELETE', token })).status).to.equal(204);
    for (let i = 0; i < 50 && (await hub.app.outgoingWebhooks.pending()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await hub.app.outgoingWebhooks.pending()).to.equal(0);
    await clock.tick(2000);
    await hub.app.outgoingWebhooks.flush();
    expect(receiver.received.filter((r) => r.body.conversation.id === id)).to.have.length(1);
  });

  it('keeps a delivery due in Redis across a restart; another process sends it, once', async () => {
    receiver.statuses.push(503);
    const { id } = await conversation(ASK_AGENT);
    await receiver.waitFor(about(id, 'handed_off'));
    await hub.stop();
    // A second process on the same Redis (another hub, or this one restarted) picks up the retry.
    other = await startTestHub(redis.url, env(), { clock });
    const again = await startTestHub(redis.url, env(), { clock });
    try {
      await clock.tick(1000);
      await Promise.all([other.app.outgoingWebhooks.flush(), again.app.outgoingWebhooks.flush()]);
      await receiver.waitFor(about(id, 'handed_off'), 2);
      await clock.tick(60_000);
      await Promise.all([other.app.outgoingWebhooks.flush(), again.app.outgoingWebhooks.flush()]);
      expect(receiver.received.filter(about(id, 'handed_off'))).to.have.length(2);
      expect(await other.app.outgoingWebhooks.pending()).to.equal(0);
    } finally {
      await again.stop();
    }
    hub = other;
    other = undefined;
  });
});
