/** Purges closed conversations once RETENTION_HOURS have passed, and closes conversations left with
 * the bot (the citizen went away) after BOT_IDLE_MINUTES so that they are purged too. Every hub
 * process sweeps in turn: a Redis lock lets one sweep at a time. */
import type { Redis } from 'ioredis';
import { ConversationLock } from '../hub/conversation-lock.js';
import { Sweeper } from '../jobs/sweeper.js';
import type { Logger } from '../log.js';
import type { ConversationStore } from './store.js';

const SWEEP_EVERY_MS = 60_000;

/** Starts the periodic sweep (once now, then every minute); returns the function that stops it. */
export function startRetentionSweep(o: {
  store: ConversationStore; redis: Redis; prefix: string; retentionHours: number; botIdleMs: number; log: Logger;
}): () => void {
  const sweeper = new Sweeper({
    name: 'retention', intervalMs: SWEEP_EVERY_MS, lock: new ConversationLock(o.redis, o.prefix), log: o.log,
    chores: [
      { name: 'bot-idle', run: async () => {
        const idle = await closeIdleBotConversations(o.store, o.redis, o.prefix, o.botIdleMs);
        if (idle) o.log.info('closed conversations left with the bot', { count: idle });
      } },
      { name: 'purge', run: async () => {
        const removed = await o.store.purgeClosedBefore(new Date(Date.now() - o.retentionHours * 3600_000));
        if (removed) o.log.info('purged closed conversations', { count: removed });
      } },
    ],
  });
  void sweeper.sweep();
  sweeper.start();
  return () => sweeper.stop();
}

/** Closes, without a word, conversations only the bot took part in and nobody touched for `idleMs`
 * (a citizen in a queue or with an agent is never closed here). Returns how many. */
export async function closeIdleBotConversations(store: ConversationStore, redis: Redis, prefix: string, idleMs: number, now = Date.now()): Promise<number> {
  if (idleMs <= 0) return 0;
  let closed = 0;
  for (const id of await redis.zrangebyscore(`${prefix}:open`, 0, now - idleMs)) {
    const conv = await store.get(id);
    if (!conv) {
      await redis.zrem(`${prefix}:open`, id); // purged meanwhile
      continue;
    }
    if (conv.mode !== 'bot' || now - Date.parse(conv.updatedAt) < idleMs) continue;
    await store.markClosed(id, { mode: 'closed', outcome: 'bot_idle' });
    closed++;
  }
  return closed;
}
