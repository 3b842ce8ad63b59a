/** The bot's turn leases (src/hub/turn-worker.ts, the store's WRITE and SETTLE_TURN scripts) and the
 * long-poll's wait (src/conversations/events.ts), on a real Redis with a fake clock. Turn workers here
 * run steps the test holds open, so that a turn can be caught in the middle: a lease run out while its
 * turn is still running, a message stored while its conversation's turn runs. */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import sinon from 'sinon';
import type { StoredMessage } from '../../src/core/messages.js';
import type { ContentRuntime } from '../../src/content/runtime.js';
import { once } from 'node:events';
import { ConversationEvents, ConversationStore, KEPT_MS } from '../../src/conversations/index.js';
import { HubEvents } from '../../src/hub/events.js';
import type { Delivery } from '../../src/hub/delivery.js';
import { Outbox } from '../../src/hub/outbox.js';
import type { TurnStep } from '../../src/hub/turn.js';
import { LEASE_MS, TurnWorker } from '../../src/hub/turn-worker.js';
import { createLogger } from '../../src/log.js';
import { Stats } from '../../src/stats/stats.js';
import { testClock } from '../helpers/clock.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PREFIX = 'lease-test';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Polls real state (no fixed sleep); fails after `timeoutMs` of real time. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A turn step that waits until the test lets it go, then answers the message's text back. */
class HeldTurns {
  readonly waiting: { text: string; go: () => void }[] = [];
  readonly step: TurnStep = async (ctx, next) => {
    await new Promise<void>((go) => this.waiting.push({ text: ctx.message.text, go }));
    ctx.say.push({ text: `re: ${ctx.message.text}` });
    await next();
  };

  /** Lets the oldest held turn go on. */
  release(): void {
    const turn = this.waiting.shift();
    if (!turn) throw new Error('no turn is held');
    turn.go();
  }
}

describe('turn leases', function () {
  this.timeout(20_000);
  let server: TestRedis;
  let redis: Redis;
  let store: ConversationStore;
  const clock = testClock();
  const log = createLogger('silent');
  const workers: TurnWorker[] = [];

  before(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
    store = new ConversationStore(redis, PREFIX, { clock });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  /** The commands this test's clients sent while `work` ran, lower-cased: what MONITOR saw, less what
   * scripts ran (MONITOR shows those too, from "lua") and the PING that closes the watch (MONITOR shows
   * commands in order: once the PING is there, everything sent before it is too). */
  async function commandsDuring(work: () => Promise<void>): Promise<string[]> {
    const watcher = redis.duplicate();
    const monitor = await watcher.monitor();
    const sent: string[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => source !== 'lua' && sent.push(args[0]!.toLowerCase()));
    try {
      await work();
      await redis.ping();
      await until(() => sent.at(-1) === 'ping', 'the monitor saw the ping');
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }
    return sent.slice(0, -1);
  }

  /** A worker like the hub's (app.ts), its turn being `held`'s step. API conversations have no
   * address, so nothing is delivered, and the steps here read no content. */
  function worker(held: HeldTurns, concurrency = 4): TurnWorker {
    const w = new TurnWorker({
      store,
      runtime: { current: undefined } as unknown as ContentRuntime,
      outbox: new Outbox(store, {} as Delivery),
      events: new HubEvents(log),
      stats: new Stats(redis, PREFIX, { now: () => new Date(clock.now()) }),
      clock,
      log,
      steps: [held.step],
      concurrency,
    });
    workers.push(w);
    return w;
  }
  const open = async () => (await store.create({ channel: 'api', locale: 'fr', step: 'start' })).id;
  const citizen = (text: string) => ({ from: 'citizen' as const, text });
  const replies = async (id: string) => (await store.messages(id)).filter((m) => m.from === 'bot').map((m) => m.text);
  const owed = (id: string) => redis.zscore(`${PREFIX}:turns`, id);
  /** What hub.receive does with a message its process has room for: stored with its turn's lease, then run. */
  async function receive(w: TurnWorker, id: string, text: string): Promise<void> {
    const lease = w.leaseForNewMessage();
    const stored = await store.appendCitizenAndLease(id, citizen(text), lease);
    if (!lease || !stored?.state) throw new Error('the message should have come with its lease');
    w.take(id, lease, stored.state);
  }

  it('settles the lease of a turn whose write was fenced: a lease that ran out mid-turn holds nothing after both turns end', async () => {
    const held = new HeldTurns();
    const id = await open();
    await store.appendCitizen(id, citizen('première'));
    const a = worker(held);
    a.start();
    await until(() => held.waiting.length === 1, 'the first worker holds the turn');
    // The first worker is too slow: its lease runs out and a second worker takes the same turn.
    const b = worker(held);
    b.start();
    await clock.tick(LEASE_MS + 1);
    await until(() => held.waiting.length === 2, 'the second worker holds the turn too');
    held.release(); // the first write lands (its fence holds), but the lease is no longer its own
    await until(async () => (await replies(id)).length === 1, 'answered');
    held.release(); // the second write is fenced: the turn was applied; its worker must still end its lease
    await until(async () => (await owed(id)) === null, 'no turn owed and no lease left held');
    expect(await replies(id)).to.deep.equal(['re: première']);
  });

  it('leases the turn with the message to the process that stores it, and to no one else', async () => {
    const id = await open();
    const lease = clock.now() + LEASE_MS;
    const stored = await store.appendCitizenAndLease(id, citizen('bonjour'), lease);
    expect(stored?.state?.()?.unprocessed.map((m) => m.text)).to.deep.equal(['bonjour']);
    const leasedIds = async () => (await store.leaseTurnsWithState(10, clock.now() + LEASE_MS)).map((t) => t.id);
    expect(await leasedIds()).not.to.include(id);
    // A second message while the lease is held: stored, owed, but not leased again.
    const second = await store.appendCitizenAndLease(id, citizen('encore'), clock.now() + LEASE_MS);
    expect(second?.seq).to.equal((stored?.seq ?? 0) + 1);
    expect(second?.state).to.equal(undefined);
    expect(Number(await owed(id))).to.equal(lease);
    // The lease runs out (its process died): the turn is anyone's again.
    await clock.tick(LEASE_MS);
    expect(await leasedIds()).to.include(id);
  });

  it('stores a message for a conversation not read first: the same script checks the token and the mode and returns the conversation', async () => {
    const { id, token } = await store.create({ channel: 'api', locale: 'de', step: 'start' });
    const lease = clock.now() + LEASE_MS;
    // A wrong token is an unknown conversation, and nothing is stored or leased.
    expect(await store.appendCitizenUnread(id, citizen('falsch'), { token: 'not-the-token', leaseUntil: lease })).to.equal(undefined);
    expect(await store.messages(id)).to.deep.equal([]);
    expect(await owed(id)).to.equal(null);
    const first = await store.appendCitizenUnread(id, citizen('erste'), { token, leaseUntil: lease });
    if (!first || first === 'closed') throw new Error('the message should have been stored');
    expect([first.seq, first.conv.locale, first.conv.citizenSeq, first.firstFromCitizen]).to.deep.equal([1, 'de', 1, true]);
    expect(first.state?.().unprocessed.map((m) => m.text)).to.deep.equal(['erste']);
    // The lease is held: the next message is stored, with the conversation, but not leased again.
    const second = await store.appendCitizenUnread(id, citizen('zweite'), { token, leaseUntil: clock.now() + LEASE_MS });
    if (!second || second === 'closed') throw new Error('the message should have been stored');
    expect([second.seq, second.firstFromCitizen, second.state]).to.deep.equal([2, false, undefined]);
    // No token given (a socket already authenticated): no check.
    expect(await store.appendCitizenUnread(id, citizen('dritte'), {})).to.include({ seq: 3 });
    await store.write(id, { mode: 'closed' });
    expect(await store.appendCitizenUnread(id, citizen('zu spät'), { token })).to.equal('closed');
    expect(await store.appendCitizenUnread(UNKNOWN, citizen('niemand'), { token })).to.equal(undefined);
    expect((await store.messages(id)).map((m) => m.text)).to.deep.equal(['erste', 'zweite', 'dritte']);
  });

  it('opens a conversation and writes its first messages in one command: the hash, its token, the open index, the transcript', async () => {
    const welcome = { step: 'start', append: [{ from: 'bot' as const, text: 'Bonjour' }] };
    await store.create({ channel: 'api', locale: 'fr', step: 'start' }); // the script is loaded, as in a running hub
    const prepared = store.prepare({ channel: 'api', locale: 'fr', step: 'start' });
    expect(await store.get(prepared.id)).to.equal(undefined); // nothing is written before the write
    const sent = await commandsDuring(async () => {
      expect(await store.write(prepared.id, { create: prepared.create, set: { step: welcome.step }, append: welcome.append })).to.deep.equal([1]);
    });
    expect(sent).to.deep.equal(['evalsha']);
    const { updatedAt: _written, ...stored } = (await store.get(prepared.id, { token: prepared.token }))!;
    const { updatedAt: _prepared, ...expected } = prepared.conversation;
    expect(stored).to.deep.equal(expected);
    expect(await store.get(prepared.id, { token: 'not-the-token' })).to.equal(undefined);
    expect(await redis.zscore(`${PREFIX}:open`, prepared.id)).to.equal(String(clock.now()));
    expect((await store.messages(prepared.id)).map((m) => [m.seq, m.from, m.text])).to.deep.equal([[1, 'bot', 'Bonjour']]);
  });

  it('picks the push conversations of the channels asked for out of many open ones, reading two fields of each', async () => {
    const web = await Promise.all(Array.from({ length: 1200 }, () => store.create({ channel: 'webchat', locale: 'fr', step: 'start' })));
    const telegram = await store.create({ channel: 'telegram', locale: 'fr', step: 'start', address: { chatId: '42' } });
    const messenger = await store.create({ channel: 'messenger', locale: 'fr', step: 'start', address: { psid: '7' } });
    const ids = [...web.slice(0, 700).map((c) => c.id), telegram.id, UNKNOWN, messenger.id, ...web.slice(700).map((c) => c.id)];
    const sent = await commandsDuring(async () => {
      expect(await store.onChannels(ids, new Set(['telegram', 'messenger']))).to.deep.equal([telegram.id, messenger.id]);
      expect(await store.onChannels(ids, new Set(['telegram']))).to.deep.equal([telegram.id]);
    });
    expect(sent.filter((c) => c === 'hmget')).to.have.length(2 * ids.length); // two fields of each, nothing whole
    expect(sent.filter((c) => c === 'hgetall')).to.have.length(0);
  });

  it('answers a message stored while its conversation turn runs right after that turn, without waiting for a poll', async () => {
    const held = new HeldTurns();
    const a = worker(held);
    a.start();
    const id = await open();
    await receive(a, id, 'un');
    await until(() => held.waiting.length === 1, 'the first turn runs');
    expect((await store.appendCitizenAndLease(id, citizen('deux'), a.leaseForNewMessage()))?.state).to.equal(undefined);
    held.release();
    // The first turn's write leaves the conversation due again and its worker looks again at once:
    // the fake clock does not move, so no poll runs.
    await until(() => held.waiting.length === 1, 'the second turn runs');
    held.release();
    await until(async () => (await replies(id)).length === 2, 'both answered');
    expect(await replies(id)).to.deep.equal(['re: un', 're: deux']);
    await until(async () => (await owed(id)) === null, 'nothing owed');
  });

  it('leaves a turn due, for the next lease, when the storing process has no room', async () => {
    const held = new HeldTurns();
    const a = worker(held, 1);
    a.start();
    await receive(a, await open(), 'occupé');
    await until(() => held.waiting.length === 1, 'the one slot is taken');
    expect(a.leaseForNewMessage()).to.equal(undefined);
    const other = await open();
    expect((await store.appendCitizenAndLease(other, citizen('en attente'), a.leaseForNewMessage()))?.state).to.equal(undefined);
    expect(Number(await owed(other))).to.equal(clock.now());
    held.release(); // the slot frees: the worker looks for owed turns and finds the other one
    await until(() => held.waiting.length === 1, 'the waiting turn runs');
    held.release();
    await until(async () => (await replies(other)).length === 1, 'answered');
  });

  it('takes up a message stored without a lease for want of room when its write lands after the slots freed', async () => {
    const held = new HeldTurns();
    const a = worker(held, 2);
    a.start();
    const [one, two] = [await open(), await open()];
    await receive(a, one, 'un');
    await receive(a, two, 'deux');
    await until(() => held.waiting.length === 2, 'both slots are taken');
    // A third message arrives while the process is full: it is stored without a lease...
    const third = await open();
    expect(a.leaseForNewMessage()).to.equal(undefined);
    // ...and both turns end before its write lands: the looks they started found nothing owed.
    const looked = sinon.spy(store, 'leaseTurnsWithState');
    try {
      held.release();
      await until(() => looked.callCount === 1, 'the first freed slot looked');
      await looked.firstCall.returnValue;
      held.release();
      await until(async () => (await replies(one)).length + (await replies(two)).length === 2, 'both turns written');
      expect(looked.callCount).to.equal(1); // the second slot freed with room to spare: it did not look
    } finally {
      looked.restore();
    }
    await store.appendCitizenAndLease(third, citizen('trois'), undefined);
    a.leftDue(); // what the receiver says after such a write: the fake clock runs no poll
    await until(() => held.waiting.length === 1, 'the third turn runs');
    held.release();
    await until(async () => (await replies(third)).length === 1, 'answered');
  });
});

describe('a long-poll waiting for messages', function () {
  this.timeout(20_000);
  let server: TestRedis;
  let redis: Redis;
  let store: ConversationStore;
  let events: ConversationEvents;

  before(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
    store = new ConversationStore(redis, PREFIX);
    events = new ConversationEvents(new Redis(server.url), store.eventsChannel);
    await events.start();
  });
  after(async () => {
    await events.stop();
    redis.disconnect();
    await server.stop();
  });
  const bot = (text: string) => ({ from: 'bot' as const, text });

  it('gets the messages of one write from the event, in order, with nothing to read again', async () => {
    const { id } = await store.create({ channel: 'api', locale: 'fr', step: 'start' });
    await store.write(id, { append: [bot('avant')] });
    const { arrived } = events.waitFor(id, 1, 5000);
    await store.write(id, { append: [bot('un'), bot('deux')] });
    const got = (await arrived) as StoredMessage[];
    expect(got.map((m) => [m.seq, m.text])).to.deep.equal([
      [2, 'un'],
      [3, 'deux'],
    ]);
  });

  it('asks for a read when what arrives does not follow what the caller has (a gap), or the conversation is erased', async () => {
    const { id } = await store.create({ channel: 'api', locale: 'fr', step: 'start' });
    const first = events.waitFor(id, 0, 5000);
    await store.write(id, { append: [bot('un')] });
    await first.arrived; // message 1 has gone by
    const behind = events.waitFor(id, 0, 5000); // a caller that has nothing: message 2 does not follow
    await store.write(id, { append: [bot('deux')] });
    expect(await behind.arrived).to.equal(true);
    const erased = events.waitFor(id, 2, 5000);
    await store.erase(id, { announce: true });
    expect(await erased.arrived).to.equal(true);
  });

  it("answers the long-poll after a citizen's message from what this process kept: once, for that token and from that seq only", async () => {
    const clock = testClock();
    const subscriber = new Redis(server.url);
    const keeping = new ConversationEvents(subscriber, store.eventsChannel, clock);
    await keeping.start();
    try {
      const { id, token } = await store.create({ channel: 'api', locale: 'fr', step: 'start' });
      /** What the API's POST does (citizen-api.ts), then the bot's answer; resolves once its event is here. */
      const exchange = async (): Promise<number> => {
        const kept = keeping.keep(id);
        const seq = (await store.appendCitizen(id, { from: 'citizen', text: 'bonjour' }))!;
        kept.stored(seq, token);
        const answered = keeping.waitFor(id, seq, 5000);
        await store.write(id, { append: [bot(`réponse à ${seq}`)] });
        await answered.arrived;
        return seq;
      };
      let seq = await exchange();
      expect(keeping.takeKept(id, token, seq)?.map((m) => m.text)).to.deep.equal([`réponse à ${seq}`]);
      expect(keeping.takeKept(id, token, seq), 'taken once').to.equal(undefined);
      seq = await exchange();
      expect(keeping.takeKept(id, 'not-the-token', seq), 'another token').to.equal(undefined);
      seq = await exchange();
      expect(keeping.takeKept(id, token, seq - 1), 'before the stored message: not all kept').to.equal(undefined);
      seq = await exchange();
      await clock.tick(KEPT_MS);
      expect(keeping.takeKept(id, token, seq), 'kept too long').to.equal(undefined);
      // Not stored (refused): nothing kept.
      const refused = keeping.keep(id);
      refused.drop();
      refused.stored(seq, token);
      expect(keeping.takeKept(id, token, seq)).to.equal(undefined);
      // The subscriber reconnected: events may have been lost meanwhile.
      seq = await exchange();
      const closed = once(subscriber, 'close');
      subscriber.disconnect(true);
      await closed;
      expect(keeping.takeKept(id, token, seq), 'after a reconnection').to.equal(undefined);
      // Not subscribed again yet: nothing is kept.
      keeping.keep(id).stored(seq, token);
      expect(keeping.takeKept(id, token, seq), 'while reconnecting').to.equal(undefined);
      await until(() => keeping.following, 'subscribed again');
      // The token renewed (a follow-up code used on another device): the old one takes nothing.
      seq = await exchange();
      const renewed = (await store.renewToken(id))!;
      const after = keeping.waitFor(id, seq + 1, 5000);
      await store.write(id, { append: [bot('plus tard')] }); // its event follows the renewal's
      await after.arrived;
      expect(keeping.takeKept(id, token, seq), 'a renewed token').to.equal(undefined);
      expect(renewed).not.to.equal(token);
    } finally {
      await keeping.stop();
    }
  });

  it('ends with nothing when the caller goes away, and ignores an event it cannot read', async () => {
    const { id } = await store.create({ channel: 'api', locale: 'fr', step: 'start' });
    const waiting = events.waitFor(id, 0, 5000);
    await redis.publish(store.eventsChannel, `{"c":"${id}","m":{not json`);
    waiting.stop();
    expect(await waiting.arrived).to.equal(false);
  });
});
