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
  const url = await app.listen().catch(async (err: NodeJS.ErrnoException) => {
    await app.stop().catch(() => {});
    throw err.code === 'EADDRINUSE' ? new Error(`port ${config.port} on ${config.host} is already in use (another hub running? set PORT)`) : err;
  });
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
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  // Started by npm or a shell that was killed outright: stop with it rather than serve orphaned.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent gone');
  }, 1000).unref();
}

main().catch((err: Error) => {
  console.error(`relais could not start: ${err.message}`);
  process.exit(1);
});
