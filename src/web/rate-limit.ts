/** Fixed-window rate limits counted in Redis, so every hub process shares them. */
import type { Redis } from 'ioredis';
import { HttpError } from './http.js';

export interface Limit {
  max: number;
  windowSeconds: number;
}

export class RateLimiter {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly enabled: boolean) {}

  /** Counts one hit for `bucket:key`; throws 429 once the window's budget is spent. */
  async hit(bucket: string, key: string, limit: Limit): Promise<void> {
    if (!this.enabled) return;
    const window = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    const redisKey = `${this.prefix}:rl:${bucket}:${key}:${window}`;
    const [[, count]] = (await this.redis.multi().incr(redisKey).expire(redisKey, limit.windowSeconds * 2).exec()) as [[null, number]];
    if (count > limit.max) throw new HttpError(429, 'rate_limited', `too many requests; try again in ${limit.windowSeconds} s`);
  }
}

/** The budgets: generous for a person, tight for a script. */
export const LIMITS = {
  // A family behind one address (or a public Wi-Fi) may open several conversations in a minute.
  createConversation: { max: 120, windowSeconds: 60 },
  citizenMessage: { max: 60, windowSeconds: 60 },
  login: { max: 10, windowSeconds: 300 },
  // Stateless and cheap (~0.1 ms): sized for batch use by integrators, still bounded per address.
  triage: { max: 6000, windowSeconds: 60 },
} satisfies Record<string, Limit>;
