/** The hub as the benchmark measures it: createApp (web chat and API channels, no push channels)
 * in its own process, against the REDIS_URL the bench started, printing `listening on URL`.
 * BENCH_AGENT_PASSWORD: adds the agent account "bench" before listening (hand-off rounds).
 * With an IPC channel, {type:"gc"} → global.gc() when exposed, then {type:"gc-done", memory} (memory figures). */
import { resolve } from 'node:path';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

const ROOT = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  if (!process.env.REDIS_URL) throw new Error('bench/hub-server.ts needs REDIS_URL (a private redis-server)');
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CONTENT_DIR: ROOT,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'silent',
    ...process.env,
  });
  const app = await createApp(config, { log: createLogger(process.env.LOG_LEVEL || 'silent') });
  if (process.env.BENCH_AGENT_PASSWORD) await app.ctx.accounts.add('bench', process.env.BENCH_AGENT_PASSWORD, 'agent');
  const url = await app.listen();
  console.log(`listening on ${url}`);
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const hard = setTimeout(() => process.exit(0), 5000);
    hard.unref();
    await app.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.on('disconnect', () => void shutdown()); // the bench went away
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'gc') return;
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'gc-done', memory: process.memoryUsage() });
  });
}

main().catch((err: Error) => {
  console.error(`bench hub could not start: ${err.message}`);
  process.exit(1);
});
