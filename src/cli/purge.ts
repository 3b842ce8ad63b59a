/** `relais purge`: deletes closed conversations older than RETENTION_HOURS, now. */
import type { Config } from '../config.js';
import { ConversationStore } from '../conversations/store.js';
import { compactPersistence } from '../redis/persistence.js';
import { withRedis } from './with-redis.js';

export async function runPurge(config: Config): Promise<number> {
  return withRedis(config, async (redis) => {
    const store = new ConversationStore(redis, config.redisPrefix);
    const removed = await store.purgeClosedBefore(Date.now() - config.retentionHours * 3600_000);
    // What was purged must leave Redis's files too, not only its memory.
    if (removed) await compactPersistence(redis);
    console.log(`purged ${removed} conversation(s) closed more than ${config.retentionHours} h ago`);
    return 0;
  });
}
