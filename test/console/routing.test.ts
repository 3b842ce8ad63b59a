/** Hand-off semantics across two hub processes sharing one Redis, with console sockets in Node:
 * automatic assignment (urgent first, capacity), queue notices, grace period, idle close, login limits. */
import { expect } from 'chai';
import { call, startTestHub, waitForMessage, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { ConsoleClient } from './console-client.js';

const PASSWORD = 'correct horse battery';
const ASK_AGENT = 'je voudrais parler à un policier';
const URGENT = 'Au secours, il me frappe en ce moment, il a un couteau';
const ENV = { ROUTING_MODE: 'auto', AGENT_CAPACITY: '2', AGENT_GRACE_SECONDS: '1', CITIZEN_IDLE_MINUTES: '0.05' };

describe('hand-off routing across hub processes', function () {
  this.timeout(40_000);
  let redis: TestRedis;
  let hub1: TestHub;
  let hub2: TestHub;
  let ann: ConsoleClient;
  let ben: ConsoleClient;
  const tokens: Record<string, string> = {};
  const normal: { id: string; token: string }[] = [];
  let urgent: { id: string; token: string };

  before(async () => {
    redis = await startTestRedis();
    hub1 = await startTestHub(redis.url, ENV);
    hub2 = await startTestHub(redis.url, ENV);
    for (const [name, role] of [
      ['ann', 'agent'],
      ['ben', 'agent'],
      ['sue', 'supervisor'],
      ['mallory', 'agent'],
    ] as const) {
      await hub1.app.ctx.accounts.add(name, PASSWORD, role);
      tokens[name] = (await call(`${hub1.url}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
    }
    ann = await ConsoleClient.connect(hub1.url, tokens.ann);
    ben = await ConsoleClient.connect(hub2.url, tokens.ben);
    for (const client of [ann, ben]) {
      client.send({ type: 'presence', status: 'away' });
      await client.waitFor((f) => f.type === 'presence' && f.status === 'away');
    }
  });
  after(async () => {
    await ann?.close();
    await ben?.close();
    await hub1?.stop();
    await hub2?.stop();
    await redis?.stop();
  });

  async function handOff(hub: TestHub, text = ASK_AGENT): Promise<{ id: string; token: string }> {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text } });
    await waitForMessage(hub.url, body.id, body.token, (m) => m.from === 'system' && /position \d+/.test(m.text));
    return body;
  }

  const mine = async (name: string): Promise<string[]> =>
    (await call(`${hub1.url}/api/v1/agent/conversations`, { token: tokens[name] })).body.conversations.map((c: { id: string }) => c.id);

  it("queues urgent first across processes, then assigns it first within each agent's capacity", async () => {
    for (let i = 0; i < 4; i++) normal.push(await handOff(hub1));
    urgent = await handOff(hub2, URGENT);
    const order = [urgent.id, ...normal.map((c) => c.id)];
    // Ben's console is served by the other process: the queue reaches it through Redis.
    await ben.waitFor((f) => f.type === 'queue' && f.waiting.map((w: { id: string }) => w.id).join() === order.join());
    const place = (await call(`${hub1.url}/api/v1/conversations/${normal[3].id}/messages`, { token: normal[3].token })).body.messages.find(
      (m: { from: string; text: string }) => m.from === 'system' && /position 4/.test(m.text),
    );
    expect(place.text).to.match(/environ \d+ min/);

    const from = ann.mark();
    ann.send({ type: 'presence', status: 'available' });
    ben.send({ type: 'presence', status: 'available' });
    await ann.waitFor((f) => f.type === 'queue' && f.waiting.length === 1, 10_000, from);
    expect(ann.lastQueue()).to.deep.equal([normal[3].id]);
    const assigns = (await call(`${hub1.url}/api/v1/agent/audit?limit=50`, { token: tokens.sue })).body.entries
      .filter((e: { action: string }) => e.action === 'assign')
      .reverse();
    expect(assigns.map((e: { conversation: string }) => e.conversation)).to.deep.equal(order.slice(0, 4));
    expect((await mine('ann')).length).to.equal(2);
    expect((await mine('ben')).length).to.equal(2);
  });

  it('tells the citizen still waiting their new place and an estimated wait', async () => {
    const moved = await waitForMessage(hub1.url, normal[3].id, normal[3].token, (m) => m.from === 'system' && /maintenant en position 1/.test(m.text));
    expect(moved.text).to.match(/environ \d+ min/);
  });

  it('gives the next waiting conversation to an agent who frees a place', async () => {
    const annHolds = await mine('ann');
    const close = await call(`${hub1.url}/api/v1/agent/conversations/${annHolds[0]}/close`, { token: tokens.ann, body: { outcome: 'resolved' } });
    expect(close.status).to.equal(200);
    await ann.waitFor((f) => f.type === 'assigned' && f.id === normal[3].id && f.by === 'auto');
    expect(await mine('ann')).to.include(normal[3].id);
  });

  it("puts a disconnected agent's conversations back in line after the grace period", async () => {
    const held = await mine('ben');
    expect(held.length).to.equal(2);
    await ben.close();
    // Ann is at capacity, so they wait for someone.
    await ann.waitFor((f) => f.type === 'queue' && f.waiting.length === 2 && held.every((id) => f.waiting.some((w: { id: string }) => w.id === id)), 15_000);
    expect(await mine('ben')).to.deep.equal([]);
    const citizen = [...normal, urgent].find((c) => c.id === held[0])!;
    await waitForMessage(hub1.url, citizen.id, citizen.token, (m) => m.from === 'system' && /remise en file/i.test(m.text));
    const stats = (await call(`${hub2.url}/api/v1/agent/stats`, { token: tokens.sue })).body;
    expect(stats.waiting.total).to.equal(2);
    expect(stats.agents.find((a: { username: string }) => a.username === 'ben').status).to.equal('offline');
    const audit = (await call(`${hub1.url}/api/v1/agent/audit?limit=100`, { token: tokens.sue })).body.entries;
    expect(audit.filter((e: { action: string }) => e.action === 'requeue').map((e: { conversation: string }) => e.conversation)).to.have.members(held);
  });

  it('closes politely a conversation whose citizen stays silent after the agent spoke', async () => {
    const citizen = normal[3];
    const sent = await call(`${hub1.url}/api/v1/agent/conversations/${citizen.id}/messages`, { token: tokens.ann, body: { text: 'Êtes-vous toujours là ?' } });
    expect(sent.status).to.equal(202);
    await waitForMessage(hub1.url, citizen.id, citizen.token, (m) => m.from === 'system' && /sans nouvelles/i.test(m.text), sent.body.seq, 15_000);
    await waitForMessage(hub1.url, citizen.id, citizen.token, (m) => m.choices?.some((c: { id: string }) => c.id === 'survey.5'), sent.body.seq);
    // The sweep records the closing after it (the survey may arrive first): read the audit until it shows it.
    let audit: { action: string; conversation: string }[] = [];
    for (let tries = 0; tries < 50 && !audit.some((e) => e.action === 'auto_close' && e.conversation === citizen.id); tries++) {
      if (tries) await new Promise((resolve) => setImmediate(resolve));
      audit = (await call(`${hub1.url}/api/v1/agent/audit?limit=100`, { token: tokens.sue })).body.entries;
    }
    expect(audit.some((e) => e.action === 'auto_close' && e.conversation === citizen.id)).to.equal(true);
    expect(JSON.stringify(audit)).not.to.include('toujours là');
  });

  it('keeps presence per agent and refuses an unknown status', async () => {
    expect((await call(`${hub1.url}/api/v1/agent/presence`, { token: tokens.ann, body: { status: 'busy' } })).status).to.equal(400);
    const away = await call(`${hub1.url}/api/v1/agent/presence`, { token: tokens.ann, body: { status: 'away' } });
    expect(away.body).to.deep.equal({ chosen: 'away', status: 'away' });
    await ann.waitFor((f) => f.type === 'presence' && f.status === 'away');
  });

  it('rate-limits failed logins per username, whatever the password next', async () => {
    const login = (username: string, password: string) => call(`${hub2.url}/api/v1/agent/session`, { body: { username, password } });
    for (let i = 0; i < 5; i++) expect((await login('mallory', 'wrong password')).status).to.equal(401);
    const blocked = await login('mallory', PASSWORD);
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.code).to.equal('rate_limited');
    expect((await login('ann', PASSWORD)).status).to.equal(200);
  });
});
