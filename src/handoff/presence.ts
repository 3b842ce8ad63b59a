/** Agent presence shared by every hub process: the status an agent chose, and whether a console of
 * theirs is connected (heartbeats in Redis, so a crashed process's agents fade out on their own). */
import type { Redis } from 'ioredis';

/** The statuses an agent can choose. */
export const PRESENCE_STATUSES = ['available', 'away', 'offline'] as const;
/** What an agent shows: chosen (available/away/offline) when connected, offline otherwise. */
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** Presence keys: a status hash, one connection set per agent, and when each agent was last seen. */
export class Presence {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly o: { graceMs: number; heartbeatMs: number; now?: () => number },
  ) {}

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private get statusKey(): string {
    return `${this.prefix}:presence:status`;
  }

  private get seenKey(): string {
    return `${this.prefix}:presence:seen`;
  }

  private connKey(agent: string): string {
    return `${this.prefix}:presence:conn:${agent}`;
  }

  /** A console connection is live until three missed heartbeats. */
  private get connectionTtl(): number {
    return this.o.heartbeatMs * 3;
  }

  /** A console opened; the agent keeps "available" or "away" as chosen last, else starts as `initial`
   * (opening the console means being at work, so a leftover "offline" does not stick). */
  async connected(agent: string, connection: string, initial: PresenceStatus): Promise<void> {
    const now = this.now();
    const [[, chosen]] = (await this.redis
      .multi()
      .hget(this.statusKey, agent)
      .zadd(this.connKey(agent), now + this.connectionTtl, connection)
      .zadd(this.seenKey, now, agent)
      .exec()) as [[null, string | null]];
    if (!chosen || chosen === 'offline') await this.redis.hset(this.statusKey, agent, initial);
  }

  /** Keeps these connections alive (called every heartbeat by the process that holds them). */
  async heartbeat(connections: { agent: string; connection: string }[]): Promise<void> {
    if (!connections.length) return;
    const now = this.now();
    const tx = this.redis.multi();
    for (const { agent, connection } of connections) tx.zadd(this.connKey(agent), now + this.connectionTtl, connection).zadd(this.seenKey, now, agent);
    await tx.exec();
  }

  /** A console closed; the grace period starts now unless another one is still open. */
  async disconnected(agent: string, connection: string): Promise<void> {
    await this.redis.multi().zrem(this.connKey(agent), connection).zadd(this.seenKey, this.now(), agent).exec();
  }

  /** Sets the status an agent chose. */
  async choose(agent: string, status: PresenceStatus): Promise<void> {
    await this.redis.hset(this.statusKey, agent, status);
  }

  /** The effective status of each agent: offline without a live console. */
  async statusOf(agents: string[]): Promise<Map<string, PresenceStatus>> {
    const now = this.now();
    const tx = this.redis.multi().hmget(this.statusKey, ...(agents.length ? agents : ['-']));
    for (const agent of agents) tx.zcount(this.connKey(agent), now, '+inf');
    const results = (await tx.exec()) as [Error | null, unknown][];
    const chosen = results[0][1] as (string | null)[];
    const out = new Map<string, PresenceStatus>();
    agents.forEach((agent, i) => {
      const live = Number(results[i + 1][1]) > 0;
      const status = (chosen[i] ?? 'available') as PresenceStatus;
      out.set(agent, live && PRESENCE_STATUSES.includes(status) ? status : 'offline');
    });
    return out;
  }

  /** Agents whose last console went away more than the grace period ago (their conversations go back). */
  async gone(): Promise<string[]> {
    const now = this.now();
    const stale = await this.redis.zrangebyscore(this.seenKey, '-inf', now - this.o.graceMs);
    const out: string[] = [];
    for (const agent of stale) {
      if ((await this.redis.zcount(this.connKey(agent), now, '+inf')) === 0) out.push(agent);
    }
    return out;
  }

  /** Stops tracking an agent until their next connection (after their conversations were handed back). */
  async forget(agent: string): Promise<void> {
    await this.redis.multi().zrem(this.seenKey, agent).zremrangebyscore(this.connKey(agent), '-inf', this.now()).exec();
  }
}
