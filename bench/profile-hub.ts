/**
 * A CPU profile of the hub under the closed loop (not part of `npm run bench`): a private
 * redis-server, bench/hub-server.ts run with --cpu-prof, 32 citizens for SECONDS (default 15), or with
 * RATE, that many messages/s offered in the open loop.
 * Usage: node --import tsx bench/profile-hub.ts [dir]  → the .cpuprofile files land in dir.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRedis } from '../test/helpers/redis.js';
import { Client } from './client.js';
import { closedLoop, createConversations, openLoop } from './load.js';
import { hubRedisUrl, ROOT } from './targets.js';

async function main(): Promise<void> {
  const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'relais-profile-'));
  const redis = await startTestRedis();
  const hub = spawn(process.execPath, ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${dir}`, join(ROOT, 'bench/hub-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: hubRedisUrl(redis), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    hub.stdout.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
    hub.on('exit', (code) => reject(new Error(`hub exited ${code}`)));
  });
  const client = new Client(url);
  const seconds = Number(process.env.SECONDS ?? 15);
  // RATE=n: the open loop at n messages/s on 1,000 pooled conversations instead of the closed loop.
  const rate = Number(process.env.RATE ?? 0);
  const result = rate ? await openLoop(client, await createConversations(client, 1000), rate, seconds) : await closedLoop(client, 32, seconds);
  console.log(JSON.stringify(result));
  const exited = new Promise((r) => hub.on('exit', r));
  hub.kill('SIGTERM');
  await exited;
  await redis.stop();
  console.log(`profile in ${dir}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
