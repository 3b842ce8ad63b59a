/** The hub's command connection writes the commands of one event-loop turn in one system call, in order,
 * and never holds one back: from a timer's callback, inside a MULTI, across a Redis restart. */
import type { Socket } from 'node:net';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import sinon from 'sinon';
import { coalesceWrites } from '../../src/redis/coalesce-writes.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

/** How many times the connection's socket handed data to the kernel (one `_write` or `_writev` each). */
function countWrites(redis: Redis): { writes: () => number; restore: () => void } {
  const socket = (redis as unknown as { stream: Socket & { _write: unknown; _writev: unknown } }).stream;
  const write = sinon.spy(socket, '_write');
  const writev = sinon.spy(socket, '_writev');
  return {
    writes: () => write.callCount + writev.callCount,
    restore: () => {
      write.restore();
      writev.restore();
    },
  };
}

describe('coalesceWrites: one write per event-loop turn on the hub’s Redis connection', function () {
  this.timeout(30_000);
  let server: TestRedis;
  let redis: Redis;

  before(async () => {
    server = await startTestRedis();
  });
  beforeEach(async () => {
    redis = coalesceWrites(new Redis(server.url, { lazyConnect: true }));
    redis.on('error', () => {});
    await redis.connect();
  });
  afterEach(() => redis.disconnect());
  after(async () => {
    await server?.stop();
  });

  it('sends the commands of one turn in one write and reads their replies in order', async () => {
    const counter = countWrites(redis);
    try {
      const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => redis.incrby('coalesce:order', i + 1)));
      // Each reply sees every earlier command applied: Redis ran them in the order they were sent.
      expect(replies).to.deep.equal([1, 3, 6, 10, 15, 21, 28, 36, 45, 55]);
      expect(counter.writes()).to.equal(1);
    } finally {
      counter.restore();
    }
  });

  it('writes the next turn’s commands in a write of their own', async () => {
    const counter = countWrites(redis);
    try {
      await redis.set('coalesce:a', '1');
      await redis.set('coalesce:b', '2');
      expect(await redis.mget('coalesce:a', 'coalesce:b')).to.deep.equal(['1', '2']);
      expect(counter.writes()).to.equal(3);
    } finally {
      counter.restore();
    }
  });

  it('answers a command sent from a setImmediate callback, a timer and a resolved promise', async () => {
    const fromImmediate = new Promise<string>((resolve, reject) => setImmediate(() => redis.ping('immediate').then(resolve, reject)));
    const fromTimer = new Promise<string>((resolve, reject) => setTimeout(() => redis.ping('timer').then(resolve, reject), 0));
    const fromPromise = Promise.resolve().then(() => redis.ping('promise'));
    expect(await Promise.all([fromImmediate, fromTimer, fromPromise])).to.deep.equal(['immediate', 'timer', 'promise']);
  });

  it('keeps a MULTI and the plain commands around it in order', async () => {
    await redis.del('coalesce:list');
    const before = redis.rpush('coalesce:list', 'before');
    const multi = redis.multi().rpush('coalesce:list', 'in-1').rpush('coalesce:list', 'in-2').exec();
    const after = redis.rpush('coalesce:list', 'after');
    await Promise.all([before, multi, after]);
    expect(await redis.lrange('coalesce:list', 0, -1)).to.deep.equal(['before', 'in-1', 'in-2', 'after']);
  });

  it('goes on after Redis restarts (the old socket held nothing back)', async () => {
    await redis.set('coalesce:restart', 'x');
    await server.kill('SIGKILL');
    await server.restart();
    // ioredis reconnects by itself; the command waits in its offline queue until then.
    expect(await redis.ping('again')).to.equal('again');
    expect(await Promise.all([redis.incr('coalesce:after'), redis.incr('coalesce:after')])).to.deep.equal([1, 2]);
  });
});
