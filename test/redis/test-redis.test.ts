/** The suite's own redis-server helper: a server a test killed can still be stopped (an `after` hook
 * used to wait for ever for the exit of a server killed by a signal). */
import { expect } from 'chai';
import { startTestRedis } from '../helpers/redis.js';

describe('test redis-server helper', function () {
  this.timeout(10_000);

  it('stops a server already killed by a signal', async () => {
    const redis = await startTestRedis();
    await redis.kill('SIGKILL');
    const stopped = await Promise.race([redis.stop().then(() => 'stopped'), new Promise((r) => setTimeout(r, 5_000, 'hung'))]);
    expect(stopped).to.equal('stopped');
  });
});
