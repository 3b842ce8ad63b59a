/**
 * Redis commands per exchange (not part of `npm run bench`): a private redis-server, the hub, 32
 * citizens for SECONDS (default 5), then Redis's INFO commandstats divided by the exchanges answered
 * (commands run inside scripts included), and the commands the hub sent itself (MONITOR: its round trips).
 * Usage: node --import tsx bench/command-count.ts
 */
import { Redis } from 'ioredis';
import { startTestRedis } from '../test/helpers/redis.js';
import { Client } from './client.js';
import { closedLoop, createConversations } from './load.js';
import { startHub } from './targets.js';

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_(\S+):calls=(\d+)/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

/** A script call named by its first key without the prefix and ids (the key says which store it is). */
function scriptKey(key: string | undefined): string {
  return String(key ?? '')
    .replace(/^[^:]+:/, '')
    .replace(/[0-9a-f-]{20,}/g, '<id>');
}

/** A title, then one line per command (most first) and the total. */
function print(title: string, rows: (readonly [string, number])[]): void {
  console.log(title);
  for (const [name, per] of [...rows].sort((a, b) => b[1] - a[1])) console.log(`  ${per.toFixed(2).padStart(6)}  ${name}`);
  console.log(
    `  ${rows
      .reduce((sum, [, per]) => sum + per, 0)
      .toFixed(2)
      .padStart(6)}  in all`,
  );
}

async function main(): Promise<void> {
  const server = await startTestRedis();
  const redis = new Redis(server.url);
  const hub = await startHub(server);
  const client = new Client(hub.url);
  await createConversations(client, 32);
  const monitor = await redis.monitor();
  const sent = new Map<string, number>();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source.includes('lua')) return;
    const name = args[0] === 'evalsha' ? `evalsha ${scriptKey(args[3])}` : args[0]!;
    sent.set(name, (sent.get(name) ?? 0) + 1);
  });
  const before = await commandStats(redis);
  const result = await closedLoop(client, 32, Number(process.env.SECONDS ?? 5));
  const after = await commandStats(redis);
  monitor.disconnect();
  const rows = [...after].map(([name, calls]) => [name, (calls - (before.get(name) ?? 0)) / result.answered] as const).filter(([, per]) => per > 0.01);
  print(`${result.answered} exchanges; Redis commands per exchange (those run by scripts included):`, rows);
  print(
    'sent by the hub itself (round trips) per exchange:',
    [...sent].map(([name, n]) => [name, n / result.answered] as const),
  );
  await hub.stop();
  redis.disconnect();
  await server.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
