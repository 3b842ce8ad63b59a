/** sentinel-confirmation.ts against a real primary, replica and Sentinel: a write left on a replaced
 * primary is refused and the connection moves to the new one, however many requests find out at once;
 * a stopped hub asks no sentinel. */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import sinon from 'sinon';
import { NotReplicatedError, primaryOf, sentinelConfirmation, sentinelsAnswering } from '../../src/redis/sentinel-confirmation.js';
import { freePort, startTestRedis } from '../helpers/redis.js';
import { startSentinelTopology, type SentinelTopology } from '../helpers/sentinel.js';
import { until } from '../helpers/until.js';

describe('Sentinel write confirmation', function () {
  this.timeout(60_000);
  let topology: SentinelTopology;
  const sentinelsOf = () => [{ host: '127.0.0.1', port: topology.sentinelPort }];

  before(async () => {
    topology = await startSentinelTopology('relais-confirm');
  });
  after(async () => {
    await topology?.stop();
  });

  it('asks no sentinel once closed (a request still confirming while the hub stops)', async () => {
    const sentinel = topology.client(topology.sentinelPort);
    const clients = async () => Number(/connected_clients:(\d+)/.exec(await sentinel.info('clients'))![1]);
    const before = await clients();
    const confirmation = sentinelConfirmation(sentinelsOf(), topology.name);
    confirmation.close();
    // A server with no replica: WAIT finds none, so the sentinels would be asked.
    const server = await startTestRedis();
    const alone = new Redis(server.url);
    try {
      await alone.set('k', '1');
      const error = await confirmation.confirm(alone, alone.stream, async () => true).catch((e) => e);
      expect(error).to.be.instanceOf(NotReplicatedError);
      expect(await clients()).to.equal(before);
    } finally {
      alone.disconnect();
      await server.stop();
    }
  });

  it('refuses a checked write unless most of the sentinels answer: the others may be failing over out of sight', async () => {
    // A partition that leaves a hub with a minority of the sentinels leaves the majority free to promote
    // a replica: what the minority says of the primary proves nothing.
    const unreachable = [
      { host: '127.0.0.1', port: await freePort() },
      { host: '127.0.0.1', port: await freePort() },
    ];
    const primary = topology.client(topology.primaryPort);
    await primary.ping();
    // No replica acknowledged it (the WAIT found none): the sentinels are asked.
    const connection = { wait: async () => 0, stream: primary.stream, status: 'ready', disconnect: () => {} } as unknown as Redis;
    const outcome = async (sentinels: { host: string; port: number }[]) => {
      const confirmation = sentinelConfirmation(sentinels, topology.name);
      try {
        return await confirmation
          .confirm(connection, primary.stream, async () => false)
          .then(
            () => 'accepted',
            (e) => (e instanceof NotReplicatedError ? 'refused' : e),
          );
      } finally {
        confirmation.close();
      }
    };
    expect(await outcome(sentinelsOf())).to.equal('accepted'); // 1 of 1: the primary, no failover
    expect(await outcome([...sentinelsOf(), unreachable[0]!])).to.equal('refused'); // 1 of 2
    expect(await outcome([...sentinelsOf(), ...unreachable])).to.equal('refused'); // 1 of 3
    expect(await outcome(unreachable)).to.equal('refused'); // none
    // One sentinel listed twice (or under two names) is one sentinel: 1 of 2, not 2 of 3.
    expect(await outcome([...sentinelsOf(), ...sentinelsOf(), unreachable[0]!])).to.equal('refused');
    expect(await outcome([...sentinelsOf(), ...sentinelsOf()])).to.equal('accepted'); // 1 of 1
  });

  it('moves a ready connection off a replaced primary, and never disconnects one already reconnecting', async () => {
    // A second disconnect while ioredis asks the sentinels where to go ends the connection for good
    // (its connector stops mid-lookup): under load, many requests learn of the same switch.
    const confirmation = sentinelConfirmation(sentinelsOf(), topology.name);
    const other = topology.client(topology.replicaPorts[0]!); // not the primary the sentinel names
    await other.ping();
    try {
      for (const [status, disconnects] of [
        ['ready', 1],
        ['connecting', 0],
        ['reconnecting', 0],
      ] as const) {
        const disconnect = sinon.spy();
        const connection = { wait: async () => 0, stream: other.stream, status, disconnect } as unknown as Redis;
        const error = await confirmation.confirm(connection, other.stream, async () => false).catch((e) => e);
        expect(error, status).to.be.instanceOf(NotReplicatedError);
        expect(disconnect.callCount, status).to.equal(disconnects);
      }
    } finally {
      confirmation.close();
    }
  });

  it('refuses a write left on a replaced primary and moves the connection, with requests finding out one after another', async () => {
    // Two replicas: the one not promoted still acknowledges the old primary's writes (WAIT answers at
    // once), so each request reaches the sentinels' verdict on its own, some while the connection is
    // already reconnecting (a second disconnect then ended it for good).
    const two = await startSentinelTopology('relais-confirm-two', { replicas: 2 });
    const sentinels = [{ host: '127.0.0.1', port: two.sentinelPort }];
    const confirmation = sentinelConfirmation(sentinels, two.name);
    const redis = new Redis({ sentinels, name: two.name, maxRetriesPerRequest: 3 });
    redis.on('error', () => {});
    try {
      confirmation.watch();
      await redis.set('before', '1');
      expect(redis.stream.remotePort).to.equal(two.primaryPort);
      const sentinel = two.client(two.sentinelPort);
      await sentinel.call('SENTINEL', 'FAILOVER', two.name);
      await until(
        async () => ((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', two.name)) as string[])[1] !== String(two.primaryPort),
        'the promotion seen by the sentinel',
      );
      // Still on the old primary, which takes the write: the new one never gets it.
      await redis.set('after', '1');
      const writtenOn = redis.stream;
      const outcomes: Promise<string>[] = [];
      for (let i = 0; i < 40; i++) {
        outcomes.push(
          confirmation
            .confirm(redis, writtenOn, async () => (await redis.exists('after')) === 1)
            .then(
              () => 'accepted',
              (e) => (e instanceof NotReplicatedError ? 'refused' : `error: ${e.message}`),
            ),
        );
        // Spread over ~100 ms: the reconnection (a 50 ms back-off, then asking the sentinel) falls among them.
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(new Set(await Promise.all(outcomes))).to.deep.equal(new Set(['refused']));
      expect(await redis.ping()).to.equal('PONG');
      expect(redis.stream.remotePort).to.not.equal(two.primaryPort);
      expect(await redis.exists('before')).to.equal(1);
    } finally {
      confirmation.close();
      redis.disconnect();
      await two.stop();
    }
  });
});

describe('how many sentinels answered, out of how many (sentinelsAnswering)', () => {
  const view = (id: string, known: number) => ({ id, known });

  it('counts sentinels by id, and every listed address that did not answer as one more', () => {
    expect(sentinelsAnswering([view('a', 1), view('a', 1)], 3)).to.deep.equal({ answered: 1, outOf: 2 });
    expect(sentinelsAnswering([view('a', 2), view('b', 2)], 2)).to.deep.equal({ answered: 2, outOf: 2 });
    expect(sentinelsAnswering([], 2)).to.deep.equal({ answered: 0, outOf: 2 });
  });

  it('out of all the sentinels they know of: one address fronting three is one of three', () => {
    expect(sentinelsAnswering([view('a', 3)], 1)).to.deep.equal({ answered: 1, outOf: 3 });
    expect(sentinelsAnswering([view('a', 3), view('b', 3)], 2)).to.deep.equal({ answered: 2, outOf: 3 });
  });
});

describe('the primary the sentinels name (primaryOf)', () => {
  const at = (port: number) => ({ host: '127.0.0.1', port });
  const view = (configured: number, named: number, epoch: number) => ({
    configured: at(configured),
    named: at(named),
    epoch,
    failingOver: false,
    id: `s${epoch}`,
    known: 1,
  });

  it('is the promoted replica of a failover under way, else the newest configuration’s primary', () => {
    expect(primaryOf([view(1, 1, 5), view(1, 2, 5)])).to.deep.equal(at(2)); // the leader has seen 2 promoted
    expect(primaryOf([view(1, 1, 5), view(2, 2, 6)])).to.deep.equal(at(2)); // one has heard of the switch
    expect(primaryOf([])).to.equal(undefined);
  });

  it('never a promotion seen under an older configuration: a newer failover overtook it', () => {
    // A sentinel still reporting its own failover to 2 (epoch 5), when the others' configuration (epoch
    // 6) already names 3: writes on 2 would be wiped.
    expect(primaryOf([view(1, 2, 5), view(3, 3, 6), view(3, 3, 6)])).to.deep.equal(at(3));
  });
});
