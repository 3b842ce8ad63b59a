/** The directory's per-process cache against a real Redis: turns that ask at once share one version
 * read, and an import (here or by another process) is seen by the next call, never hidden by a read
 * that was in flight. */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import sinon from 'sinon';
import { StationDirectory } from '../../src/stations/directory.js';
import type { Station } from '../../src/stations/types.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const station = (id: string, commune: string, lat: number, lon: number): Station =>
  ({ id, name: `Commissariat ${commune}`, address: '1 rue de la Paix', postcode: '01000', commune, lat, lon, phone: '', kind: 'police' }) as Station;

describe('stations directory: the version read', () => {
  let redis: TestRedis;
  let client: Redis;
  let other: Redis;
  before(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url);
    other = new Redis(redis.url);
  });
  after(async () => {
    client.disconnect();
    other.disconnect();
    await redis.stop();
  });
  afterEach(() => sinon.restore());

  it('ten turns asking at once send one read of the version', async () => {
    const directory = new StationDirectory(client, 'dir1');
    const get = sinon.spy(client, 'get');
    const answers = await Promise.all(Array.from({ length: 10 }, () => directory.available()));
    expect(answers).to.deep.equal(Array(10).fill(false));
    expect(get.callCount).to.equal(1);
    await directory.available();
    expect(get.callCount).to.equal(2); // once settled, the next call reads again
  });

  it('an import in this process is seen at once, even by a call made while an older read was in flight', async () => {
    const directory = new StationDirectory(client, 'dir2');
    const inFlight = directory.available();
    await directory.replace('police', [station('p1', 'LAON', 49.56, 3.62)]);
    expect(await directory.available()).to.equal(true);
    expect(await inFlight).to.equal(false); // it was asked before the import
  });

  it('an import by another process is seen by the next call', async () => {
    const directory = new StationDirectory(client, 'dir3');
    expect(await directory.available()).to.equal(false);
    await new StationDirectory(other, 'dir3').replace('police', [station('p1', 'LAON', 49.56, 3.62)]);
    expect((await directory.all()).map((s) => s.id)).to.deep.equal(['p1']);
  });
});
