/** REDIS_URL may be the path of a Redis's unix socket, the way the hub reaches its embedded server: for a
 * Redis on the same machine it costs less than loopback TCP on every command (docs/deploy.md). */
import { expect } from 'chai';
import { call, startTestHub, type TestHub, waitForMessage } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

describe('REDIS_URL as a unix socket path', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let hub: TestHub;

  before(async () => {
    redis = await startTestRedis();
    hub = await startTestHub(redis.socketPath);
  });
  after(async () => {
    await hub?.stop();
    await redis?.stop();
  });

  it('answers a citizen through a Redis reached by its socket', async () => {
    expect((await call(`${hub.url}/health`)).body).to.include({ redis: 'ok' });
    const conv = (await call(`${hub.url}/api/v1/conversations`, { body: {} })).body;
    const sent = await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'comment faire une procuration ?' } });
    expect(sent.status).to.equal(202);
    const answer = await waitForMessage(hub.url, conv.id, conv.token, (m) => m.from === 'bot' && m.seq > sent.body.seq);
    expect(answer.links?.map((l: { url: string }) => l.url)).to.include('https://www.maprocuration.gouv.fr/');
  });
});
