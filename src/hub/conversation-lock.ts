/** A short Redis lock so one conversation's messages are handled one at a time across processes. */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class ConversationLock {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlMs = 15_000) {}

  /** A release function when the lock was free, else undefined. */
  async acquire(conversationId: string): Promise<(() => Promise<void>) | undefined> {
    const key = `${this.prefix}:lock:${conversationId}`;
    const token = randomBytes(12).toString('hex');
    const ok = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    if (!ok) return undefined;
    return async () => {
      await this.redis.eval(RELEASE, 1, key, token);
    };
  }
}
