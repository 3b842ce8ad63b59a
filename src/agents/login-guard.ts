/** Slows password guessing without letting a stranger lock an agent out. Every attempt is counted
 * BEFORE the password is checked, in one Redis script, so a burst of simultaneous guesses cannot all
 * pass the check while the (slow, on purpose) hashing runs. Three budgets:
 * - username + address: a few tries for one person at one place;
 * - address: a guesser trying many usernames;
 * - username from addresses that never logged in as that user: a guess spread over many addresses.
 *   An address the agent has logged in from before (remembered 30 days) is not held by it, so a
 *   stranger's wrong passwords cannot keep the agent out of their own console.
 * Addresses are kept as hashes only. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { runLua } from '../redis/lua.js';

/** A budget of attempts in a window. */
export interface FailureBudget {
  max: number;
  windowSeconds: number;
}

/** Attempts allowed before the door closes for the rest of the window. */
export const LOGIN_BUDGETS = {
  pair: { max: 5, windowSeconds: 15 * 60 },
  address: { max: 20, windowSeconds: 15 * 60 },
  username: { max: 20, windowSeconds: 15 * 60 },
} satisfies Record<string, FailureBudget>;

const KNOWN_DAYS = 30;

// KEYS: pair, address, username, known-addresses set. ARGV: address hash, then max and window of
// pair, address, username. Returns seconds to wait (0: counted, go ahead).
const BEGIN = `
local known = redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1
local function over(key, max)
  local n = tonumber(redis.call('GET', key) or '0')
  if n >= tonumber(max) then return math.max(1, redis.call('TTL', key)) end
  return 0
end
local wait = math.max(over(KEYS[1], ARGV[2]), over(KEYS[2], ARGV[4]))
if not known then wait = math.max(wait, over(KEYS[3], ARGV[6])) end
if wait > 0 then return wait end
local function count(key, window)
  redis.call('SET', key, 0, 'EX', window, 'NX')
  redis.call('INCR', key)
end
count(KEYS[1], ARGV[3])
count(KEYS[2], ARGV[5])
if not known then count(KEYS[3], ARGV[7]) end
return 0`;

/** Counts login attempts; `begin` before checking a password, `succeeded` after a right one. */
export class LoginGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly budgets = LOGIN_BUDGETS,
  ) {}

  private keys(username: string, address: string): { pair: string; address: string; username: string; known: string; addressHash: string } {
    // Lower-cased so "Alice" and "alice" share one budget.
    const user = username.toLowerCase().slice(0, 64);
    const addressHash = createHash('sha256').update(`relais-login:${address}`).digest('base64url').slice(0, 22);
    return {
      pair: `${this.prefix}:login:pair:${user}:${addressHash}`,
      address: `${this.prefix}:login:addr:${addressHash}`,
      username: `${this.prefix}:login:user:${user}`,
      known: `${this.prefix}:login:known:${user}`,
      addressHash,
    };
  }

  /** Counts an attempt; returns the seconds the caller must wait instead (0: go ahead and check). */
  async begin(username: string, address: string): Promise<number> {
    const k = this.keys(username, address);
    const { pair, address: addr, username: user } = this.budgets;
    const wait = await runLua(
      this.redis,
      BEGIN,
      4,
      k.pair,
      k.address,
      k.username,
      k.known,
      k.addressHash,
      pair.max,
      pair.windowSeconds,
      addr.max,
      addr.windowSeconds,
      user.max,
      user.windowSeconds,
    );
    return Number(wait);
  }

  /** A right password: this person's attempts are forgiven and the address is remembered as theirs. */
  async succeeded(username: string, address: string): Promise<void> {
    const k = this.keys(username, address);
    await this.redis
      .multi()
      .del(k.pair)
      .sadd(k.known, k.addressHash)
      .expire(k.known, KNOWN_DAYS * 24 * 3600)
      .exec();
  }
}
