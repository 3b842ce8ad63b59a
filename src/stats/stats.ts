/** Anonymous counters only: how many and how long, never who or what was said. */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { runLua } from '../redis/lua.js';
import { zonedDayHour } from './zoned-time.js';

/** The anonymous counters, all time and per day (with hourly buckets). */
export const COUNTERS = [
  'conversations_started',
  'messages_received',
  'urgent_messages',
  'danger_questions',
  'handoffs',
  'handoffs_urgent',
  'answers_given',
  'resolved_by_bot',
  'not_helped',
  'conversations_closed',
  'agent_replies',
  'handled_by_agent',
  'quick_exits',
  'contact_requests',
  // Added last so the columns of stats.csv before it keep their places.
  /** Conversations where the citizen wrote (or chose) something: the base of the deflection rate. */
  'conversations_engaged',
] as const;
/** One of COUNTERS. */
export type Counter = (typeof COUNTERS)[number];

/** Count of each rating 1..5. */
export type Ratings = Record<'1' | '2' | '3' | '4' | '5', number>;

/** All-time counters and satisfaction (for /metrics). */
export interface StatsSnapshot {
  counters: Record<Counter, number>;
  /** Count of each rating 1..5. */
  satisfaction: Ratings;
  satisfactionAverage: number | null;
}

/** One day's figures (in the stats time zone): counters, hourly buckets and duration samples. */
export interface DayFigures {
  date: string;
  /** The hour (0..23) it is now in the stats time zone. */
  hour: number;
  counters: Record<Counter, number>;
  satisfaction: Ratings;
  /** The same ratings per team: each skill of the agents who held the rated conversation. */
  satisfactionBySkill: Record<string, Ratings>;
  /** 24 buckets: hand-offs that arrived in the hour, and the waits (hand-off → agent) that ended in it. */
  hours: { arrivals: number; waits: number; waitMsTotal: number }[];
  /** Hand-off → claim, in ms (most recent first, capped). */
  waitsMs: number[];
  /** Claim → first agent reply, in ms (most recent first, capped). */
  firstResponsesMs: number[];
}

// A day's counters are kept a year and more, for the supervisors' daily exports (stats.csv): a few
// hundred small numbers a day. The duration samples behind today's percentiles are kept 40 days.
const DAY_TTL_SECONDS = 400 * 24 * 3600;

/**
 * The counters' increments as one script: all time, the day and the day's hour, then the day's
 * expiry. A MULTI of the same was 3 commands per counter plus 3 (each one parsed, queued and
 * answered by ioredis), twice for every message: a third of the hub's Redis commands per exchange.
 * KEYS: all-time hash, day hash. ARGV: hour, ttl, then counter and amount pairs.
 */
const INCREMENT_ALL = `
local hour = ARGV[1]
for i = 3, #ARGV, 2 do
  local by = tonumber(ARGV[i + 1])
  redis.call('HINCRBY', KEYS[1], ARGV[i], by)
  redis.call('HINCRBY', KEYS[2], ARGV[i], by)
  redis.call('HINCRBY', KEYS[2], ARGV[i] .. '@' .. hour, by)
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1`;
const SAMPLES_TTL_SECONDS = 40 * 24 * 3600;
const MAX_SAMPLES = 5000;
const HANDLE_SAMPLES = 50;

/** Counters in Redis hashes (all time, and per day with hourly fields), shared by every hub process. */
export class Stats {
  private readonly changes = new EventEmitter();
  /** Increments asked for while a write is in flight, summed by day-hour, and who waits for them. */
  private queued = new Map<string, { key: string; hour: number; counts: Map<Counter, number> }>();
  private waiting: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private writing = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: { timeZone?: string; now?: () => Date } = {},
  ) {}

  private get key(): string {
    return `${this.prefix}:stats`;
  }

  private today(): { day: string; hour: number; key: string } {
    const { day, hour } = zonedDayHour(this.options.now?.() ?? new Date(), this.options.timeZone ?? 'Europe/Paris');
    return { day, hour, key: `${this.prefix}:stats:day:${day}` };
  }

  /** Calls `listener` after any figure changes in this process (for live supervisor views). */
  onChange(listener: () => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  async increment(counter: Counter, by = 1): Promise<void> {
    await this.incrementAll([counter], by);
  }

  /** Counts several counters in one command (a bot turn moves a few at once). Resolves once they are
   * written. Group commit: the first increment is written at once; those asked for while it is in
   * flight are summed and go together in the next script, so under load every message's counters
   * cost a fraction of a command instead of two. */
  incrementAll(counters: readonly Counter[], by = 1): Promise<void> {
    if (!counters.length) return Promise.resolve();
    const { hour, key } = this.today();
    const slot = `${key}@${hour}`;
    const batch = this.queued.get(slot) ?? { key, hour, counts: new Map<Counter, number>() };
    this.queued.set(slot, batch);
    for (const counter of counters) batch.counts.set(counter, (batch.counts.get(counter) ?? 0) + by);
    const written = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.writeQueued();
    return written;
  }

  private writeQueued(): void {
    if (this.writing || !this.waiting.length) return;
    this.writing = true;
    const batches = [...this.queued.values()];
    const waiting = this.waiting;
    this.queued = new Map();
    this.waiting = [];
    const written = Promise.all(
      batches.map(({ key, hour, counts }) => runLua(this.redis, INCREMENT_ALL, 2, this.key, key, hour, DAY_TTL_SECONDS, ...[...counts].flat())),
    );
    written
      .then(
        () => {
          for (const w of waiting) w.resolve();
          this.changes.emit('change');
        },
        (err: Error) => {
          for (const w of waiting) w.reject(err);
        },
      )
      .finally(() => {
        this.writing = false;
        this.writeQueued();
      });
  }

  /** Counts one satisfaction rating (1..5), also under each team (`skills`: those of the agents who
   * held the conversation); nothing links it to the conversation. */
  async recordSatisfaction(rating: number, skills: readonly string[] = []): Promise<void> {
    if (!(Number.isInteger(rating) && rating >= 1 && rating <= 5)) return;
    const { key } = this.today();
    const tx = this.redis.multi().hincrby(this.key, `satisfaction_${rating}`, 1).hincrby(key, `satisfaction_${rating}`, 1);
    for (const skill of new Set(skills))
      tx.hincrby(this.key, `satisfaction_${rating}@skill:${skill}`, 1).hincrby(key, `satisfaction_${rating}@skill:${skill}`, 1);
    await tx.expire(key, DAY_TTL_SECONDS).exec();
    this.changes.emit('change');
  }

  /** A conversation waited `ms` between hand-off and an agent taking it. */
  async recordWait(ms: number): Promise<void> {
    const { hour, key } = this.today();
    const value = Math.max(0, Math.round(ms));
    await this.redis
      .multi()
      .hincrby(key, `waits@${hour}`, 1)
      .hincrby(key, `wait_ms@${hour}`, value)
      .lpush(`${key}:waits`, value)
      .ltrim(`${key}:waits`, 0, MAX_SAMPLES - 1)
      .expire(key, DAY_TTL_SECONDS)
      .expire(`${key}:waits`, SAMPLES_TTL_SECONDS)
      .exec();
    this.changes.emit('change');
  }

  /** An agent's first reply came `ms` after they took the conversation. */
  async recordFirstResponse(ms: number): Promise<void> {
    const { key } = this.today();
    await this.redis
      .multi()
      .lpush(`${key}:frt`, Math.max(0, Math.round(ms)))
      .ltrim(`${key}:frt`, 0, MAX_SAMPLES - 1)
      .expire(`${key}:frt`, SAMPLES_TTL_SECONDS)
      .exec();
    this.changes.emit('change');
  }

  /** An agent's conversation ended after `ms` in their hands (feeds the wait estimate). */
  async recordHandled(ms: number): Promise<void> {
    const recent = `${this.prefix}:stats:handle-ms`;
    await this.redis
      .multi()
      .lpush(recent, Math.max(0, Math.round(ms)))
      .ltrim(recent, 0, HANDLE_SAMPLES - 1)
      .exec();
    await this.increment('handled_by_agent');
  }

  /** Mean time an agent keeps a conversation, over the last few; undefined before any. */
  async averageHandleMs(): Promise<number | undefined> {
    const values = (await this.redis.lrange(`${this.prefix}:stats:handle-ms`, 0, -1)).map(Number).filter(Number.isFinite);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
  }

  async snapshot(): Promise<StatsSnapshot> {
    const raw = await this.redis.hgetall(this.key);
    const satisfaction = ratings(raw);
    const total = Object.values(satisfaction).reduce((a, b) => a + b, 0);
    const sum = Object.entries(satisfaction).reduce((a, [n, c]) => a + Number(n) * c, 0);
    return { counters: counters(raw), satisfaction, satisfactionAverage: total ? Math.round((sum / total) * 100) / 100 : null };
  }

  /** The totals of each given day (the daily export). */
  async days(days: readonly string[]): Promise<DayTotals[]> {
    return dayTotals(this.redis, this.prefix, days);
  }

  /** Today's figures in the stats time zone. */
  async day(): Promise<DayFigures> {
    const { day, hour, key } = this.today();
    const [[, raw], [, waits], [, frt]] = (await this.redis.multi().hgetall(key).lrange(`${key}:waits`, 0, -1).lrange(`${key}:frt`, 0, -1).exec()) as [
      [null, Record<string, string>],
      [null, string[]],
      [null, string[]],
    ];
    const hours = Array.from({ length: 24 }, (_, h) => ({
      arrivals: Number(raw[`handoffs@${h}`] ?? 0),
      waits: Number(raw[`waits@${h}`] ?? 0),
      waitMsTotal: Number(raw[`wait_ms@${h}`] ?? 0),
    }));
    return {
      date: day,
      hour,
      counters: counters(raw),
      satisfaction: ratings(raw),
      satisfactionBySkill: ratingsBySkill(raw),
      hours,
      waitsMs: waits.map(Number),
      firstResponsesMs: frt.map(Number),
    };
  }
}

/** One past or present day's anonymous totals, for the daily export. */
export interface DayTotals {
  date: string;
  counters: Record<Counter, number>;
  satisfaction: Ratings;
  /** The ratings per team (skill of the agents who held the conversation); absent teams rated nothing. */
  satisfactionBySkill?: Record<string, Ratings>;
  /** Waits (hand-off → agent) that ended that day, and their total in ms. */
  waits: number;
  waitMsTotal: number;
}

/** The totals of each given day (YYYY-MM-DD in the stats time zone), zeros for a day with nothing. */
export async function dayTotals(redis: Redis, prefix: string, days: readonly string[]): Promise<DayTotals[]> {
  const tx = redis.pipeline();
  for (const day of days) tx.hgetall(`${prefix}:stats:day:${day}`);
  const results = (await tx.exec()) ?? [];
  return days.map((date, i) => {
    const raw = (results[i]?.[1] ?? {}) as Record<string, string>;
    let waits = 0;
    let waitMsTotal = 0;
    for (let h = 0; h < 24; h++) {
      waits += Number(raw[`waits@${h}`] ?? 0);
      waitMsTotal += Number(raw[`wait_ms@${h}`] ?? 0);
    }
    return { date, counters: counters(raw), satisfaction: ratings(raw), satisfactionBySkill: ratingsBySkill(raw), waits, waitMsTotal };
  });
}

function counters(raw: Record<string, string>): Record<Counter, number> {
  return Object.fromEntries(COUNTERS.map((c) => [c, Number(raw[c] ?? 0)])) as Record<Counter, number>;
}

function ratings(raw: Record<string, string>, suffix = ''): Ratings {
  return Object.fromEntries(['1', '2', '3', '4', '5'].map((n) => [n, Number(raw[`satisfaction_${n}${suffix}`] ?? 0)])) as Ratings;
}

/** The ratings of every team that has some, teams sorted by name. */
function ratingsBySkill(raw: Record<string, string>): Record<string, Ratings> {
  const skills = new Set<string>();
  for (const field of Object.keys(raw)) {
    const match = /^satisfaction_[1-5]@skill:(.+)$/.exec(field);
    if (match) skills.add(match[1]);
  }
  return Object.fromEntries([...skills].sort().map((skill) => [skill, ratings(raw, `@skill:${skill}`)]));
}

/** Count, average (2 decimals, null over nothing) and distribution of some ratings. */
export function summariseRatings(r: Ratings): { average: number | null; count: number; distribution: Ratings } {
  const count = Object.values(r).reduce((a, b) => a + b, 0);
  const sum = Object.entries(r).reduce((a, [n, k]) => a + Number(n) * k, 0);
  return { average: count ? Math.round((sum / count) * 100) / 100 : null, count, distribution: r };
}
