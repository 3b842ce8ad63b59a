import { expect } from 'chai';
import { Redis } from 'ioredis';
import sinon from 'sinon';
import { Stats } from '../../src/stats/stats.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

/** Redis's own count of script calls (EVALSHA and EVAL) since the last CONFIG RESETSTAT. */
async function scriptCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('Stats: counters by group commit', () => {
  let server: TestRedis;
  let redis: Redis;
  const now = new Date('2026-12-01T10:30:00Z'); // 11:30 in Paris

  before(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });
  beforeEach(async () => {
    await redis.flushall();
    await redis.config('RESETSTAT');
  });

  it('counts 200 concurrent increments exactly, in far fewer scripts than increments', async () => {
    const stats = new Stats(redis, 'g', { now: () => now });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? stats.incrementAll(['messages_received', 'conversations_engaged']) : stats.increment('answers_given', 2))),
    );
    expect((await stats.snapshot()).counters).to.include({ messages_received: 100, conversations_engaged: 100, answers_given: 200 });
    const day = await stats.day();
    expect(day.counters).to.include({ messages_received: 100, answers_given: 200 });
    expect(await redis.hget('g:stats:day:2026-12-01', 'messages_received@11')).to.equal('100');
    // The first increment goes alone, the 199 asked for while it was in flight go in the next script.
    expect(await scriptCalls(redis)).to.be.at.most(3);
  });

  it('resolves an increment only once it is in Redis, and a lone one is written at once', async () => {
    const stats = new Stats(redis, 'g', { now: () => now });
    await stats.increment('handoffs');
    expect(await redis.hget('g:stats', 'handoffs')).to.equal('1');
    await stats.incrementAll(['handoffs', 'handoffs_urgent']);
    expect(await redis.hmget('g:stats', 'handoffs', 'handoffs_urgent')).to.deep.equal(['2', '1']);
  });

  it('rejects every increment of a failed write, and writes the next ones', async () => {
    const stats = new Stats(redis, 'g', { now: () => now });
    const evalsha = sinon.stub(redis, 'evalsha').callThrough();
    evalsha.onSecondCall().rejects(new Error('READONLY You cannot write against a read only replica.'));
    try {
      const first = stats.increment('handoffs'); // written alone…
      const failed = [stats.increment('handoffs'), stats.increment('answers_given')]; // …these together, and refused
      await first;
      expect((await Promise.allSettled(failed)).map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
      await stats.increment('handoffs');
      expect(await redis.hmget('g:stats', 'handoffs', 'answers_given')).to.deep.equal(['2', null]);
    } finally {
      evalsha.restore();
    }
  });
});
