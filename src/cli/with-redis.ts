/** Runs a command against the hub's Redis (REDIS_URL or the embedded one, started if needed). */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { openRedisTarget } from '../redis/connect.js';

export async function withRedis<T>(config: Config, work: (redis: Redis) => Promise<T>): Promise<T> {
  const target = await openRedisTarget(config);
  const redis = target.connect({ maxRetriesPerRequest: 2 });
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
    await target.release();
  }
}
