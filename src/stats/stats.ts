/** Anonymous counters only: how many, never who or what was said. */
import type { Redis } from 'ioredis';

export const COUNTERS = [
  'conversations_started', 'messages_received', 'urgent_messages', 'handoffs', 'handoffs_urgent',
  'answers_given', 'resolved_by_bot', 'not_helped', 'conversations_closed', 'agent_replies',
] as const;
export type Counter = (typeof COUNTERS)[number];

export interface StatsSnapshot {
  counters: Record<Counter, number>;
  /** Count of each rating 1..5. */
  satisfaction: Record<'1' | '2' | '3' | '4' | '5', number>;
  satisfactionAverage: number | null;
}

/** Counters in one Redis hash, shared by every hub process. */
export class Stats {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private get key(): string {
    return `${this.prefix}:stats`;
  }

  async increment(counter: Counter, by = 1): Promise<void> {
    await this.redis.hincrby(this.key, counter, by);
  }

  /** Counts one satisfaction rating (1..5); nothing links it to the conversation. */
  async recordSatisfaction(rating: number): Promise<void> {
    if (Number.isInteger(rating) && rating >= 1 && rating <= 5) await this.redis.hincrby(this.key, `satisfaction_${rating}`, 1);
  }

  async snapshot(): Promise<StatsSnapshot> {
    const raw = await this.redis.hgetall(this.key);
    const counters = Object.fromEntries(COUNTERS.map((c) => [c, Number(raw[c] ?? 0)])) as Record<Counter, number>;
    const satisfaction = Object.fromEntries(['1', '2', '3', '4', '5'].map((n) => [n, Number(raw[`satisfaction_${n}`] ?? 0)])) as StatsSnapshot['satisfaction'];
    const total = Object.values(satisfaction).reduce((a, b) => a + b, 0);
    const sum = Object.entries(satisfaction).reduce((a, [n, c]) => a + Number(n) * c, 0);
    return { counters, satisfaction, satisfactionAverage: total ? Math.round((sum / total) * 100) / 100 : null };
  }
}
