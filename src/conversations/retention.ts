/** The conversations' time-based chores, run by whichever hub process holds the sweep's lock:
 * conversations left with the bot are closed after BOT_IDLE_MINUTES, closed ones are purged
 * RETENTION_HOURS after closing, and push conversations whose delivery stalled (a process died
 * mid-send) are resumed. Deadlines come from times in Redis and the injected clock. */
import type { Redis } from 'ioredis';
import type { Clock } from '../core/clock.js';
import { compactPersistence } from '../redis/persistence.js';
import type { Delivery } from '../hub/delivery.js';
import { Sweeper } from '../jobs/sweeper.js';
import type { Logger } from '../log.js';
import type { RedisLock } from '../redis/lock.js';
import type { ConversationStore } from './store.js';

const SWEEP_EVERY_MS = 60_000;

/** Starts the periodic sweep (once now, then every minute); returns the function that stops it. */
export function startRetentionSweep(o: {
  store: ConversationStore;
  redis: Redis;
  lock: RedisLock;
  delivery: Delivery;
  clock: Clock;
  retentionMs: number;
  botIdleMs: number;
  log: Logger;
}): () => void {
  const sweeper = new Sweeper({
    name: 'retention',
    intervalMs: SWEEP_EVERY_MS,
    lock: o.lock,
    log: o.log,
    clock: o.clock,
    chores: [
      {
        name: 'bot-idle',
        run: async () => {
          const idle = await closeIdleBotConversations(o.store, o.botIdleMs, o.clock.now());
          if (idle) o.log.info('closed conversations left with the bot', { count: idle });
        },
      },
      {
        name: 'purge',
        run: async () => {
          const removed = await o.store.purgeClosedBefore(o.clock.now() - o.retentionMs);
          if (!removed) return;
          const compacted = await compactPersistence(o.redis);
          o.log.info('purged closed conversations', { count: removed, rewroteAof: compacted.aof });
        },
      },
      {
        name: 'delivery',
        run: async () => {
          const resumed = await o.delivery.resume(await o.store.openIds());
          if (resumed) o.log.info('resumed stalled deliveries', { count: resumed });
        },
      },
    ],
  });
  void sweeper.sweep();
  sweeper.start();
  return () => sweeper.stop();
}

/** Closes, without a word, conversations only the bot took part in and nobody touched for `idleMs`
 * (a citizen in a queue or with an agent is never closed here). Returns how many. */
export async function closeIdleBotConversations(store: ConversationStore, idleMs: number, now: number): Promise<number> {
  if (idleMs <= 0) return 0;
  let closed = 0;
  for (const id of await store.openSince(now - idleMs)) {
    const conv = await store.get(id);
    if (conv?.mode !== 'bot' || now - Date.parse(conv.updatedAt) < idleMs) continue;
    await store.write(id, { mode: 'closed', set: { closedAt: new Date(now).toISOString(), outcome: 'bot_idle' } }).catch(() => undefined);
    closed++;
  }
  return closed;
}
