/** The privacy promise, checked on what is left: a whole conversation on the embedded Redis (as
 * `npm start` runs it), closed and purged; then every Redis key and every file under DATA_DIR is
 * searched for the citizen's words, their platform id and their token. */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { testClock } from '../helpers/clock.js';
import { CONTENT_DIR, call } from '../helpers/hub.js';
import { everythingIn } from '../helpers/redis-dump.js';
import { TestChannel } from '../helpers/test-channel.js';

const WORDS = 'Mon voisin Kerguelen-Zyx me menace depuis hier soir';
const PLATFORM_ID = '33612345678';

/** Every file below `dir`, with its mode. */
function filesUnder(dir: string): { path: string; mode: number; isDir: boolean }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isSocket()) return [];
    return st.isDirectory() ? [{ path, mode: st.mode & 0o777, isDir: true }, ...filesUnder(path)] : [{ path, mode: st.mode & 0o777, isDir: false }];
  });
}

async function rewriteDone(redis: Redis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = await redis.info('persistence');
    if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the append-only file was not rewritten');
}

describe('privacy on disk', function () {
  this.timeout(40_000);
  const clock = testClock();
  let dataDir: string;
  let app: App;
  let url: string;
  let channel: TestChannel;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relais-privacy-'));
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: '', DATA_DIR: dataDir, CONTENT_DIR, RATE_LIMITS: 'off', RETENTION_HOURS: '0' });
    app = await createApp(config, { log: createLogger('silent'), clock });
    url = await app.listen();
    channel = new TestChannel({ id: 'whatsapp' });
    await app.hub.addChannel(channel);
  });
  after(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves nothing of a purged conversation in Redis or in the files under DATA_DIR', async () => {
    const { store, lifecycle, redis } = app.ctx;
    // A push-channel citizen, whose platform id is a phone number.
    const opened = await channel.say(PLATFORM_ID, WORDS);
    const pushId = (opened as { conversationId: string }).conversationId;
    await channel.replies(PLATFORM_ID, 2);
    // A web citizen, whose token is the only key.
    const { body: web } = await call(`${url}/api/v1/conversations`, { body: { channel: 'web' } });
    await call(`${url}/api/v1/conversations/${web.id}/messages`, { token: web.token, body: { text: WORDS } });
    const before = await everythingIn(redis);
    expect(before).to.include('Kerguelen-Zyx'); // the scan would see it
    expect(before).not.to.include(PLATFORM_ID); // the address is sealed and the id only hashed, even while open
    expect(before).not.to.include(web.token); // only the token's hash is kept

    await lifecycle.close(pushId, { who: 'citizen' });
    await lifecycle.close(web.id, { who: 'citizen' });
    // Past the survey's grace, the retention sweep (every minute of the hub's clock) purges. A sweep
    // still busy with Redis when the clock moves skips that minute: move it a minute at a time.
    await clock.tick(30 * 60_000);
    for (let i = 0; i < 100 && ((await store.get(pushId)) || (await store.get(web.id))); i++) {
      await clock.tick(60_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await store.get(pushId)).to.equal(undefined);
    expect(await store.get(web.id)).to.equal(undefined);
    // The sweep that purged holds its lock until it has asked for the rewrite (after any rewrite
    // already running: Redis refuses a second one rather than queueing it); then the rewrite ends.
    for (let i = 0; i < 200 && (await redis.exists('relais:lock:retention-sweep')); i++) await new Promise((r) => setTimeout(r, 25));
    await rewriteDone(redis);

    const after = await everythingIn(redis);
    for (const secret of ['Kerguelen-Zyx', PLATFORM_ID, web.token, pushId, web.id]) expect(after, secret).not.to.include(secret);
    for (const file of filesUnder(dataDir)) {
      if (file.isDir) {
        expect(file.mode, file.path).to.equal(0o700);
        continue;
      }
      expect(file.mode & 0o077, `${file.path} is readable by others`).to.equal(0);
      const text = readFileSync(file.path).toString('latin1');
      for (const secret of ['Kerguelen-Zyx', PLATFORM_ID, web.token, pushId, web.id]) expect(text, `${secret} in ${file.path}`).not.to.include(secret);
    }
  });
});
