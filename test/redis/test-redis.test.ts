/** The suite's own redis-server helper: a server a test killed can still be stopped (an `after` hook
 * used to wait for ever for the exit of a server killed by a signal), and a stop ends what the server
 * forked (a rewrite child that outlived it wrote into the folder being removed: ENOTEMPTY). */
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { startTestRedis } from '../helpers/redis.js';

describe('test redis-server helper', function () {
  this.timeout(10_000);

  it('stops a server already killed by a signal', async () => {
    const redis = await startTestRedis();
    await redis.kill('SIGKILL');
    const stopped = await Promise.race([redis.stop().then(() => 'stopped'), new Promise((r) => setTimeout(r, 5_000, 'hung'))]);
    expect(stopped).to.equal('stopped');
  });

  it('stops a server that has just forked an append-only rewrite, its folder removed, 40 times in a row', async function () {
    // The race is at the fork: a child not yet told to die with its parent outlived a killed server and
    // created its temporary file in the folder being removed. Each stop lost it about one time in 17 here.
    this.timeout(60_000);
    for (let i = 0; i < 40; i++) {
      const redis = await startTestRedis({ appendonly: true });
      const db = new Redis(redis.url);
      await db.mset(...Array.from({ length: 200 }, (_, k) => [`k${k}`, 'v'.repeat(100)]).flat());
      await db.bgrewriteaof();
      db.disconnect();
      await redis.stop();
      expect(existsSync(redis.dir), `stop ${i + 1}`).to.equal(false);
    }
  });
});
