/** Fixed-window rate limits counted in Redis, so every hub process shares them. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../core/clock.js';
import { HttpError } from './http.js';
import { runLua } from '../redis/lua.js';

export interface Limit {
  max: number;
  windowSeconds: number;
}

/** Per-address (or per-key) budgets in fixed windows on the injected clock; `RATE_LIMITS=off` turns
 * them off, except those guarding a secret (`always`), as logins are. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly enabled: boolean,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Counts one hit for `bucket:key`; throws 429 once the window's budget is spent. `always`: even
   * with RATE_LIMITS=off (a guess at a secret, such as a follow-up code). */
  async hit(bucket: string, key: string, limit: Limit, options: { always?: boolean } = {}): Promise<void> {
    if (!this.enabled && !options.always) return;
    const redisKey = this.keyOf(bucket, key, limit);
    const [[, count]] = (await this.redis
      .multi()
      .incr(redisKey)
      .expire(redisKey, limit.windowSeconds * 2)
      .exec()) as [[null, number]];
    if (count > limit.max) throw new HttpError(429, 'rate_limited', `too many requests; try again in ${limit.windowSeconds} s`);
  }

  /** Gives back a hit that turned out right (a right code is not a guess to count). */
  async forgive(bucket: string, key: string, limit: Limit): Promise<void> {
    // Only an existing count: a window that turned meanwhile must not start below zero (and forever).
    await runLua(this.redis, `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end return 1`, 1, this.keyOf(bucket, key, limit));
  }

  private keyOf(bucket: string, key: string, limit: Limit): string {
    const window = Math.floor(this.clock.now() / 1000 / limit.windowSeconds);
    // The key (an address, a conversation) is kept only as a hash: a citizen's address is not stored.
    return `${this.prefix}:rl:${bucket}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}:${window}`;
  }
}

// Counts a send in the current second; answers how long to wait when the second's budget is spent.
const PACE = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end
if n <= tonumber(ARGV[1]) then return 0 end
return 1000 - tonumber(ARGV[2])`;

/** A per-second pace shared by every hub process (a platform's sending limit). Real time, not the
 * injected clock: it paces real requests to a real platform. */
export function createPacer(redis: Redis, prefix: string): (name: string, perSecond?: number) => Promise<void> {
  return async (name, perSecond) => {
    if (!perSecond) return;
    for (;;) {
      const now = Date.now();
      const second = Math.floor(now / 1000);
      const wait = Number(await runLua(redis, PACE, 1, `${prefix}:pace:${name}:${second}`, perSecond, now % 1000));
      if (!wait) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}

/** Counts one of a citizen's messages (or choices) against their budget (LIMITS.citizenMessage), under
 * the conversation and the token presented. The message POST counts before the hub checks the token (as
 * it reads the conversation, in the same command), so a stranger's wrong tokens spend a budget of their
 * own, never the citizen's; every route and the socket count here, so the citizen has one budget. */
export function countCitizenMessage(limiter: Pick<RateLimiter, 'hit'>, conversationId: string, token: string): Promise<void> {
  return limiter.hit('message', `${conversationId} ${token}`, LIMITS.citizenMessage);
}

/** The budgets: generous for a person, tight for a script. */
export const LIMITS = {
  // A family behind one address (or a public Wi-Fi) may open several conversations in a minute.
  createConversation: { max: 120, windowSeconds: 60 },
  citizenMessage: { max: 60, windowSeconds: 60 },
  // A written request takes an agent's time: a few per address (a shared Wi-Fi too), not a flood.
  contact: { max: 20, windowSeconds: 600 },
  login: { max: 10, windowSeconds: 300 },
  // Wrong follow-up codes per address (contract): every attempt counts first, a right one is forgiven.
  resumeGuesses: { max: 10, windowSeconds: 60 },
  // Stateless and cheap (~0.1 ms): sized for batch use by integrators, still bounded per address.
  triage: { max: 6000, windowSeconds: 60 },
  // The help centre's pages and search: a person reads a few pages a minute; a school's or a
  // library's shared address many more.
  help: { max: 600, windowSeconds: 60 },
  // A public read, cheap (the directory is in memory): a map page may ask as the user pans.
  stations: { max: 600, windowSeconds: 60 },
} satisfies Record<string, Limit>;
