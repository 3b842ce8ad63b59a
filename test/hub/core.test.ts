/** The core driven through a test double channel (test/helpers/test-channel.ts), on a real Redis
 * with a fake clock: the findings of the core issue, each failing before the rebuild. */
import { expect } from 'chai';
import sinon from 'sinon';
import { ChannelSendError } from '../../src/core/channel.js';
import { RedisLock } from '../../src/redis/lock.js';
import { testClock } from '../helpers/clock.js';
import { call, useTestHub } from '../helpers/hub.js';
import { TestChannel } from '../helpers/test-channel.js';

/** Polls a condition on real state (no fixed sleep); fails after `timeoutMs` of real time. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the core, through a test channel', function () {
  this.timeout(20_000);
  const clock = testClock();
  const running = useTestHub({ RETENTION_HOURS: '1' }, { clock });
  let channel: TestChannel;
  const conversationOf = async (user: string) => {
    const result = await channel.open(user);
    return (result as { conversationId: string }).conversationId;
  };
  const transcript = (id: string) => running.hub.app.ctx.store.messages(id, 0, { internal: true });

  before(async () => {
    channel = new TestChannel();
    await running.hub.app.hub.addChannel(channel);
  });

  it('welcomes a user whose first message is a greeting once (finding 2)', async () => {
    await channel.say('ana', 'Bonjour');
    await channel.say('ana', 'où trouver une attestation de déplacement ?');
    const sent = await channel.replies('ana', 3);
    expect(sent.filter((m) => m.text.includes('112') && m.choices?.length === 3)).to.have.length(1);
    // The privacy sentence says what this hub does (RETENTION_HOURS=1 here).
    expect(sent[0].text).to.include('ses messages sont effacés au plus tard 1 h après sa clôture');
    expect(sent[1].links?.length).to.be.greaterThan(0);
  });

  it('delivers a reply refused with Retry-After: 6 and the replies after it, in order, each once (finding 1)', async () => {
    const id = await conversationOf('bob');
    await channel.replies('bob', 1);
    channel.failNext('bob', new ChannelSendError('test', true, 'HTTP 429', 6000));
    await channel.say('bob', 'comment faire une procuration ?');
    await channel.say('bob', 'où trouver une attestation de déplacement ?');
    const shown = async () => (await transcript(id)).filter((m) => m.from !== 'citizen' && !m.internal);
    await until(async () => (await shown()).length >= 5 && !channel.failures.get('bob')?.length, 'both turns answered, the first send refused');
    expect(channel.to('bob')).to.have.length(1); // the later replies wait behind the refused one
    await clock.tick(6000);
    const delivered = await channel.replies('bob', 5);
    expect(delivered.map((m) => m.text)).to.deep.equal((await shown()).map((m) => m.text));
  });

  it('answers messages sent back to back, and owes no turn after them (each lease read with its state, then settled)', async () => {
    const { store } = running.hub.app.ctx;
    const id = await conversationOf('gil');
    await channel.replies('gil', 1);
    const questions = ['comment faire une procuration ?', 'où trouver une attestation de déplacement ?', 'comment contester une amende ?'];
    for (const q of questions) await channel.say('gil', q);
    const visible = async () => (await transcript(id)).filter((m) => !m.internal);
    await until(async () => (await store.get(id))?.processedSeq === (await visible()).filter((m) => m.from === 'citizen').at(-1)?.seq, 'the three turns done');
    const asked = (await visible()).filter((m) => m.from === 'citizen').map((m) => m.text);
    expect(asked.slice(-3)).to.deep.equal(questions);
    // Nothing left in the index of owed turns: a lease on it finds nothing.
    expect(await store.leaseTurnsWithState(10, clock.now() + 1)).to.deep.equal([]);
  });

  it('records a reply the platform refuses for good, tells the agents, then delivers the next ones', async () => {
    const id = await conversationOf('fay');
    await channel.replies('fay', 1);
    channel.failNext('fay', new ChannelSendError('test', false, 'HTTP 400 (graph code 100)'));
    await channel.say('fay', 'où trouver une attestation de déplacement ?');
    const delivered = await channel.replies('fay', 2); // the welcome, then "did it help?" (the answer was refused)
    expect(delivered[1].choices?.length).to.be.greaterThan(0);
    const notes = (await transcript(id)).filter((m) => m.internal);
    expect(notes.map((m) => m.text).join('\n')).to.match(/n'a pas pu être remis.*HTTP 400/);
  });

  /** Asks `text` while another job holds the conversation's delivery, waits for the turn and for the
   * delivery jobs to be gone, then lets go: the bot's replies are written and sent by no job. */
  async function answeredWhileHeld(user: string, text: string) {
    const { app } = running.hub;
    const { store, redis } = app.ctx;
    const id = await conversationOf(user);
    await channel.replies(user, 1);
    // (The welcome's own job may still hold it for a moment after sending.)
    const lock = new RedisLock(redis, app.config.redisPrefix);
    let release: (() => Promise<void>) | undefined;
    await until(async () => {
      release = await lock.acquire(`deliver:${id}`, 30_000);
      return release !== undefined;
    }, 'the conversation held');
    await channel.say(user, text);
    await until(async () => (await store.get(id))?.processedSeq === 2 && (await deliveryIdle()), 'answered, and its jobs gone by the held conversation');
    expect(channel.to(user)).to.have.length(1);
    await release?.();
    return { id, replies: (await store.messages(id)).filter((m) => m.from === 'bot' && m.seq > 2) };
  }
  const deliveryIdle = async () => {
    const { app } = running.hub;
    const queue = `${app.config.redisPrefix}:bull:outbound:test`;
    return (await app.ctx.redis.llen(`${queue}:wait`)) + (await app.ctx.redis.llen(`${queue}:active`)) === 0;
  };

  it('delivers the head of a transcript whose own job found the conversation held by a job for a later message', async () => {
    // Another job held the conversation (as the job of a later message, scheduled at the same moment, may).
    const { id, replies } = await answeredWhileHeld('hal', 'comment faire une procuration ?');
    // The later message's job runs: its message is not the head, and the head's own job is gone.
    await running.hub.app.delivery.schedule('test', id, [replies.at(-1)!.seq]);
    const delivered = await channel.replies('hal', 1 + replies.length);
    expect(delivered.slice(1).map((m) => m.text)).to.deep.equal(replies.map((m) => m.text));
  });

  it('delivers a message whose delivery job failed when it is scheduled again (a failed job keeps no id)', async () => {
    const { app } = running.hub;
    const { store } = app.ctx;
    const { id, replies } = await answeredWhileHeld('ivy', 'comment faire une procuration ?');
    // A Redis failure in the middle of the step fails the job ...
    const get = store.get.bind(store);
    let blip = true;
    const stub = sinon.stub(store, 'get').callsFake(async (cid, options) => {
      if (cid === id && blip) {
        blip = false;
        throw new Error('Redis went away');
      }
      return get(cid, options);
    });
    try {
      await app.delivery.schedule('test', id, [replies[0].seq]);
      await until(async () => !blip && (await deliveryIdle()), 'the job failed');
    } finally {
      stub.restore();
    }
    // ... and the same message scheduled again (by the sweep, or another turn) still leaves.
    await app.delivery.schedule('test', id, [replies[0].seq]);
    const delivered = await channel.replies('ivy', 2);
    expect(delivered[1].text).to.equal(replies[0].text);
  });

  it('answers the proxy-vote question with its link, and asks again on words it cannot place (finding 5)', async () => {
    await conversationOf('dee');
    await channel.say('dee', 'comment faire une procuration ?');
    const [, answer] = await channel.replies('dee', 3);
    expect(answer.links?.map((l) => l.url)).to.include('https://www.maprocuration.gouv.fr/');
    await channel.say('dee', 'asdfgh qwerty');
    const [, , , reply] = await channel.replies('dee', 4);
    expect(reply.text).not.to.include('112');
    expect(reply.choices?.length).to.be.greaterThan(0);
  });

  it('purges a conversation reopened after its survey once it closes again (finding 4)', async () => {
    const { store, lifecycle } = running.hub.app.ctx;
    const id = await conversationOf('cy');
    await lifecycle.close(id, { who: 'citizen' });
    await channel.say('cy', 'où trouver une attestation de déplacement ?');
    await until(async () => (await store.get(id))?.mode === 'bot', 'reopened');
    expect(await store.openIds()).to.include(id);
    await lifecycle.close(id, { who: 'citizen' });
    expect(await store.openIds()).not.to.include(id);
    // RETENTION_HOURS=1: the retention sweep, on the hub's clock, purges it.
    // A sweep still busy with Redis when the clock moves skips that minute: move it a minute at a time.
    await clock.tick(2 * 3600_000);
    await until(async () => {
      await clock.tick(60_000);
      return (await store.get(id)) === undefined;
    }, 'purged by the sweep');
    expect(await transcript(id)).to.deep.equal([]);
    // The user's next message opens a new conversation.
    const next = await channel.say('cy', 'bonjour');
    expect((next as { conversationId: string }).conversationId).not.to.equal(id);
  });

  it('answers once, within the lease, a message whose turn a killed process had taken (finding 7)', async () => {
    const { store } = running.hub.app.ctx;
    const id = await conversationOf('eve');
    await channel.replies('eve', 1);
    // What a process killed mid-turn leaves: the message stored, its turn leased to nobody alive.
    await store.appendCitizen(id, { from: 'citizen', text: 'où trouver une attestation de déplacement ?' });
    expect((await store.leaseTurnsWithState(10, clock.now() + 3000)).map((t) => t.id)).to.include(id);
    await clock.tick(1000);
    expect(channel.to('eve')).to.have.length(1);
    await clock.tick(3000);
    const sent = await channel.replies('eve', 3);
    await clock.tick(5000);
    expect(channel.to('eve')).to.have.length(sent.length);
    expect((await transcript(id)).filter((m) => m.from === 'bot')).to.have.length(3);
  });

  it('labels web chat conversations "web" and API ones "api" (finding 3)', async () => {
    const { url } = running.hub;
    const web = (await call(`${url}/api/v1/conversations`, { body: { channel: 'web' } })).body;
    const api = (await call(`${url}/api/v1/conversations`, { body: {} })).body;
    expect((await running.hub.app.ctx.store.get(web.id))?.channel).to.equal('web');
    expect((await running.hub.app.ctx.store.get(api.id))?.channel).to.equal('api');
    expect((await call(`${url}/api/v1/conversations`, { body: { channel: 'telegram' } })).status).to.equal(400);
  });
});
