/** A short Redis lock (SET NX PX, released only by its holder): one process at a time does a named
 * thing, e.g. a sweep or the delivery of one conversation. Expires on its own if the holder dies. */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { runLua } from './lua.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Named locks under `<prefix>:lock:`. */
export class RedisLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = 15_000,
  ) {}

  /** A release function when the lock was free, else undefined. */
  async acquire(name: string, ttlMs = this.ttlMs): Promise<(() => Promise<void>) | undefined> {
    const key = `${this.prefix}:lock:${name}`;
    const token = randomBytes(12).toString('hex');
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (!ok) return undefined;
    return async () => {
      await runLua(this.redis, RELEASE, 1, key, token);
    };
  }
}
