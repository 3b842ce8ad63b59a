/** Composition root: config → hub → channels → HTTP. The only module that imports channels/. */
import { createApp } from './app.js';
import { readConfig } from './config.js';

async function main(): Promise<void> {
  const config = readConfig();
  const app = await createApp(config, { watchContent: true });
  const url = await app.listen();
  const channels = ['web chat', 'API'];
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
