/** Composition root: config → hub → channels → HTTP. The only module that imports channels/. */
import { channelsFromEnv } from '../channels/config.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';

async function main(): Promise<void> {
  const config = readConfig();
  const app = await createApp(config, { watchContent: true });
  // Push channels mount their webhooks before the server listens.
  const pushChannels = await channelsFromEnv(config.env, { dataDir: config.dataDir, log: app.log });
  for (const { channel } of pushChannels) await app.hub.addChannel(channel, app.webhooks);
  const url = await app.listen();
  const channels = ['web chat', 'API', ...pushChannels.map((c) => c.label)];
  console.log(`listening on ${url}`);
  console.log(`redis: ${app.redisTarget.describe}`);
  console.log(`channels on: ${channels.join(', ')}`);
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await app.stop().catch((err: Error) => console.error(err.message));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`relais could not start: ${err.message}`);
  process.exit(1);
});
