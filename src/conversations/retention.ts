/** Purges closed conversations once RETENTION_HOURS have passed, from every hub process in turn:
 * a Redis lock lets one process sweep at a time. */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { ConversationStore } from './store.js';

const SWEEP_EVERY_MS = 60_000;

/** Starts the periodic sweep; returns the function that stops it. */
export function startRetentionSweep(o: { store: ConversationStore; redis: Redis; prefix: string; retentionHours: number; log: Logger }): () => void {
  const sweep = async (): Promise<void> => {
    const lock = await o.redis.set(`${o.prefix}:lock:retention`, '1', 'PX', SWEEP_EVERY_MS - 1000, 'NX');
    if (!lock) return;
    const removed = await o.store.purgeClosedBefore(new Date(Date.now() - o.retentionHours * 3600_000));
    if (removed) o.log.info('purged closed conversations', { count: removed });
  };
  const run = (): void => void sweep().catch((err: Error) => o.log.warn('retention sweep failed', { error: err.message }));
  run();
  const timer = setInterval(run, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
