/** The quick exit (contract "Public-service features"): DELETE /api/v1/conversations/{id} erases the
 * transcript at once — 404 everywhere afterwards (messages, socket, a long-poll held open), out of
 * the agents' queue, nothing of the text left in Redis — and agents see only that the citizen left
 * and erased it. The messaging apps' erase command does the same through a push channel. */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ConsoleClient } from '../console/console-client.js';
import { call, startTestHub, useTestHub, waitForMessage } from '../helpers/hub.js';
import { startTestRedis } from '../helpers/redis.js';
import { TestChannel } from '../helpers/test-channel.js';
import { everythingIn } from '../helpers/redis-dump.js';

const WORDS = 'mon voisin Kerbrat-Zyxwv me suit depuis la gare';
const ASK_AGENT = 'je voudrais parler à un policier';

describe('quick exit', function () {
  this.timeout(30_000);
  // RATE_LIMITS on: the first test sees the long-poll held through the caps' count (RATE_LIMITS=off lifts them).
  const running = useTestHub({ RATE_LIMITS: 'on' });
  let url: string;
  let agentToken: string;
  let console_: ConsoleClient;

  before(async () => {
    url = running.hub.url;
    await running.hub.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
    agentToken = (await call(`${url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
    console_ = await ConsoleClient.connect(url, agentToken);
  });
  after(() => console_?.close());

  /** A conversation over the API, handed to the agents, its words in the transcript and the queue. */
  async function waitingConversation(): Promise<{ id: string; token: string; lastSeq: number }> {
    const { body } = await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } });
    const { id, token } = body;
    await call(`${url}/api/v1/conversations/${id}/messages`, { token, body: { text: WORDS } });
    await waitForMessage(url, id, token, (m) => m.from === 'bot' && m.seq > 2);
    const asked = (await call(`${url}/api/v1/conversations/${id}/messages`, { token, body: { text: ASK_AGENT } })).body.seq;
    const told = await waitForMessage(url, id, token, (m) => m.from === 'system' && /file d'attente/.test(m.text), asked);
    return { id, token, lastSeq: told.seq };
  }

  it('erases at once: 204, then 404 everywhere, out of the queue, no word left in Redis', async () => {
    const { id, token, lastSeq } = await waitingConversation();
    const { redis, holds } = running.hub.app.ctx;
    expect((await call(`${url}/api/v1/agent/queue`, { token: agentToken })).body.waiting.map((w: any) => w.id)).to.include(id);
    expect(await everythingIn(redis)).to.include('Kerbrat-Zyxwv'); // the scan would see it

    // Live views of the conversation: the citizen's socket, a long-poll held open, an agent previewing it.
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/conversations/${id}/socket`);
    const frames: any[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    const socketClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'auth', token, after: lastSeq }));
    const mark = console_.mark();
    console_.send({ type: 'follow', id, after: 0 });
    await console_.waitFor((f) => f.type === 'messages' && f.id === id, 10_000, mark);
    const held = call(`${url}/api/v1/conversations/${id}/messages?after=${lastSeq}&wait=20000`, { token });
    // The long-poll is held (its cap counts it) before the exit, so it is the wait that must end.
    while (!(holds as unknown as { counts: Map<string, number> }).counts.has(`poll-conv:${id}`)) await new Promise((r) => setImmediate(r));

    const exit = await call(`${url}/api/v1/conversations/${id}`, { method: 'DELETE', token });
    expect(exit.status).to.equal(204);

    expect((await held).status).to.equal(404);
    expect(await socketClosed).to.equal(4404);
    expect(frames.some((f) => f.type === 'error' && f.error.code === 'not_found')).to.equal(true);
    const told = await console_.waitFor((f) => f.type === 'erased' && f.id === id, 10_000, mark);
    expect(JSON.stringify(told)).not.to.include('Kerbrat');

    expect((await call(`${url}/api/v1/conversations/${id}/messages`, { token })).status).to.equal(404);
    expect((await call(`${url}/api/v1/conversations/${id}/messages`, { token, body: { text: 'encore là ?' } })).status).to.equal(404);
    expect((await call(`${url}/api/v1/conversations/${id}/close`, { method: 'POST', token })).status).to.equal(404);
    expect((await call(`${url}/api/v1/conversations/${id}`, { method: 'DELETE', token })).status).to.equal(404);
    expect((await call(`${url}/api/v1/agent/conversations/${id}/messages`, { token: agentToken })).status).to.equal(404);
    expect((await call(`${url}/api/v1/agent/queue`, { token: agentToken })).body.waiting.map((w: any) => w.id)).not.to.include(id);
    const late = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/conversations/${id}/socket`);
    const lateClosed = new Promise<number>((resolve) => late.once('close', (code) => resolve(code)));
    late.once('open', () => late.send(JSON.stringify({ type: 'auth', token })));
    expect(await lateClosed).to.equal(4404);

    const left = await everythingIn(redis);
    for (const trace of ['Kerbrat-Zyxwv', ASK_AGENT, token]) expect(left, trace).not.to.include(trace);
  });

  it('tells the agent who held it, and takes it off their desk', async () => {
    const { id, token } = await waitingConversation();
    expect((await call(`${url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agentToken })).status).to.equal(200);
    const mark = console_.mark();
    expect((await call(`${url}/api/v1/conversations/${id}`, { method: 'DELETE', token })).status).to.equal(204);
    await console_.waitFor((f) => f.type === 'erased' && f.id === id && f.held === true, 10_000, mark);
    // Off the desk: the next list of the agent's conversations leaves it out.
    await console_.waitFor((f) => f.type === 'mine' && f.conversations.length === 0, 10_000, mark);
    expect((await call(`${url}/api/v1/agent/conversations`, { token: agentToken })).body.conversations.map((c: any) => c.id)).not.to.include(id);
  });

  it('refuses a wrong token or an unknown conversation with the same 404', async () => {
    const { body } = await call(`${url}/api/v1/conversations`, { body: {} });
    expect((await call(`${url}/api/v1/conversations/${body.id}`, { method: 'DELETE', token: 'wrong' })).status).to.equal(404);
    expect((await call(`${url}/api/v1/conversations/not-a-uuid`, { method: 'DELETE', token: body.token })).status).to.equal(404);
    expect((await call(`${url}/api/v1/conversations/${body.id}`, { method: 'DELETE' })).status).to.equal(401);
    expect((await call(`${url}/api/v1/conversations/${body.id}/messages`, { token: body.token })).status).to.equal(200);
  });

  describe('on a messaging app', () => {
    let channel: TestChannel;
    before(async () => {
      channel = new TestChannel({ id: 'telegram' });
      await running.hub.app.hub.addChannel(channel);
    });

    it('erases the conversation on "/effacer" and answers one line with no transcript', async () => {
      const opened = await channel.say('alice-phone', WORDS);
      const id = (opened as { conversationId: string }).conversationId;
      const before = (await channel.replies('alice-phone', 2)).length;
      expect(await running.hub.app.ctx.store.get(id)).not.to.equal(undefined);

      const result = await channel.say('alice-phone', '/Effacer');
      expect(result.status).to.equal('erased');
      // The bot's turn on the first message may still be delivering: the confirmation is among what follows.
      let confirmation: { text: string } | undefined;
      for (let n = before + 1; !confirmation; n++) confirmation = (await channel.replies('alice-phone', n)).slice(before).find((m) => /effacée/.test(m.text));
      expect(confirmation.text).to.match(/effacée/);
      expect(confirmation.text).not.to.include('Kerbrat');
      expect(await running.hub.app.ctx.store.get(id)).to.equal(undefined);
      const left = await everythingIn(running.hub.app.ctx.redis);
      expect(left).not.to.include('Kerbrat-Zyxwv');
      expect(left).not.to.include('Effacer'); // the command itself is never stored

      // The next message opens a new conversation, with its welcome.
      const next = (await channel.say('alice-phone', 'bonjour')) as { conversationId: string };
      expect(next.conversationId).to.be.a('string').and.not.equal(id);
    });

    it('answers the same line when there is nothing to erase, and opens nothing', async () => {
      const open = (await running.hub.app.ctx.store.openIds()).length;
      const result = await channel.say('bob-phone', 'erase');
      expect(result.status).to.equal('erased');
      const [line] = await channel.replies('bob-phone', 1);
      expect(line.text).to.match(/effacée/);
      expect((await running.hub.app.ctx.store.openIds()).length).to.equal(open);
    });

    it('reads a sentence that mentions the word as a message', async () => {
      const result = await channel.say('carol-phone', 'comment effacer mes données ?');
      expect(result.status).to.equal('stored');
    });
  });

  describe('on a Redis that keeps an append-only file', () => {
    it('rewrites the file, so the erased words leave the disk too', async () => {
      const redis = await startTestRedis({ appendonly: true });
      const hub = await startTestHub(redis.url);
      try {
        // Uncompressed snapshots: words in the file's RDB part stay readable to the search below.
        await hub.app.ctx.redis.config('SET', 'rdbcompression', 'no');
        const { body } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
        await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text: WORDS } });
        await waitForMessage(hub.url, body.id, body.token, (m) => m.from === 'bot' && m.seq > 2); // the turn is over
        const db = hub.app.ctx.redis;
        await waitForRewrites(db, 0); // one may run from the start; the words are written after it
        expect(filesText(redis.dir)).to.include('Kerbrat-Zyxwv');
        const before = rewrites(await db.info('persistence'));

        expect((await call(`${hub.url}/api/v1/conversations/${body.id}`, { method: 'DELETE', token: body.token })).status).to.equal(204);
        await waitForRewrites(db, before + 1);
        expect(filesText(redis.dir)).not.to.include('Kerbrat-Zyxwv');
      } finally {
        await hub.stop();
        await redis.stop();
      }
    });
  });
});

/** Completed AOF rewrites, from INFO persistence. */
function rewrites(info: string): number {
  return Number(/aof_rewrites:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Waits until at least `count` rewrites are done and none runs or is scheduled. */
async function waitForRewrites(db: { info(section: string): Promise<string> }, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = await db.info('persistence');
    if (rewrites(info) >= count && /aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the append-only file was not rewritten (${count} rewrites expected)`);
}

/** Every file under `dir`, as one text. */
function filesText(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? filesText(path) : readFileSync(path).toString('latin1')))
    .join('\n');
}
