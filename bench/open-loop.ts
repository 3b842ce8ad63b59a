/**
 * One open-loop run against the hub alone (not part of `npm run bench`): a private redis-server, the
 * hub, a pool of conversations, then RATE messages/s offered for SECONDS. For a quick before/after.
 * Usage: RATE=500 SECONDS=5 node --import tsx bench/open-loop.ts
 */
import { Client } from './client.js';
import { createConversations, openLoop } from './load.js';
import { startHub } from './targets.js';

async function main(): Promise<void> {
  const hub = await startHub();
  const client = new Client(hub.url);
  const pool = await createConversations(client, 1000);
  const result = await openLoop(client, pool, Number(process.env.RATE ?? 500), Number(process.env.SECONDS ?? 5));
  console.log(JSON.stringify(result));
  await hub.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
