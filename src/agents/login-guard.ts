/** Slows password guessing: failed logins are counted per username and per address in Redis,
 * so every hub process sees them, and a spent budget refuses even a right password until it refills. */
import type { Redis } from 'ioredis';

/** A budget of failures in a window. */
export interface FailureBudget {
  max: number;
  windowSeconds: number;
}

/** Failures allowed before the door closes for the rest of the window. */
export const LOGIN_BUDGETS = {
  username: { max: 5, windowSeconds: 15 * 60 },
  address: { max: 20, windowSeconds: 15 * 60 },
} satisfies Record<string, FailureBudget>;

/** Counts failures; `blockedFor` says how long a caller must wait (0 = may try). */
export class LoginGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly budgets = LOGIN_BUDGETS,
  ) {}

  private keys(username: string, address: string): [string, string] {
    // Lower-cased so "Alice" and "alice" share one budget; the address is never logged.
    return [`${this.prefix}:login-fail:user:${username.toLowerCase().slice(0, 64)}`, `${this.prefix}:login-fail:addr:${address}`];
  }

  /** Seconds until this username or address may try again; 0 when it may now. */
  async blockedFor(username: string, address: string): Promise<number> {
    const [userKey, addrKey] = this.keys(username, address);
    const [[, userCount], [, userTtl], [, addrCount], [, addrTtl]] = (await this.redis.multi().get(userKey).ttl(userKey).get(addrKey).ttl(addrKey).exec()) as [
      null,
      string | number | null,
    ][];
    let wait = 0;
    if (Number(userCount ?? 0) >= this.budgets.username.max) wait = Math.max(wait, Number(userTtl));
    if (Number(addrCount ?? 0) >= this.budgets.address.max) wait = Math.max(wait, Number(addrTtl));
    return Math.max(0, wait);
  }

  /** Counts one failure against both budgets (the window starts at the first failure). */
  async failed(username: string, address: string): Promise<void> {
    const [userKey, addrKey] = this.keys(username, address);
    await this.redis
      .multi()
      .set(userKey, 0, 'EX', this.budgets.username.windowSeconds, 'NX')
      .incr(userKey)
      .set(addrKey, 0, 'EX', this.budgets.address.windowSeconds, 'NX')
      .incr(addrKey)
      .exec();
  }

  /** A right password clears the username's failures (the address budget keeps counting). */
  async succeeded(username: string, address: string): Promise<void> {
    await this.redis.del(this.keys(username, address)[0]);
  }
}
