/** The supervisors' live figures: anonymous counts and durations only (no text, no citizen id). */
import type { AccountStore } from '../agents/accounts.js';
import type { Assignments } from '../handoff/assignments.js';
import type { HandoffQueue } from '../handoff/handoff-queue.js';
import type { Presence, PresenceStatus } from '../handoff/presence.js';
import { percentile } from '../stats/percentile.js';
import { type Stats, summariseRatings } from '../stats/stats.js';

/** What the supervisor view shows; durations in seconds. */
export interface SupervisorFigures {
  at: string;
  date: string;
  /** The current hour in the stats time zone (the chart marks it). */
  hour: number;
  routing: { mode: 'pick' | 'auto'; capacity: number };
  waiting: { total: number; urgent: number; oldestSeconds: number | null };
  inProgress: number;
  agents: { username: string; display?: string; role: string; status: PresenceStatus; load: number }[];
  presence: Record<PresenceStatus, number>;
  /** Claim → first agent reply. */
  firstResponse: { p50: number | null; p90: number | null; count: number };
  /** Hand-off → claim. */
  wait: { p50: number | null; p90: number | null; count: number };
  today: { started: number; engaged: number; handoffs: number; urgent: number; handled: number; resolvedByBot: number; deflectionRate: number | null };
  satisfaction: { average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  /** Today's ratings per team: each skill of the agents who held the rated conversation (never per conversation). */
  satisfactionByTeam: { team: string; average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> }[];
  /** 24 hourly buckets of today: hand-offs that arrived, and the mean wait of those served in the hour. */
  hours: { hour: number; arrivals: number; averageWaitSeconds: number | null }[];
}

/** Builds the figures from Redis; shared by the HTTP endpoint and the console socket. */
export class SupervisorView {
  private cache?: { at: number; figures: Promise<SupervisorFigures> };

  constructor(
    private readonly o: {
      stats: Stats;
      handoff: Pick<HandoffQueue, 'line'>;
      assignments: Assignments;
      presence: Presence;
      accounts: AccountStore;
      routing: { mode: 'pick' | 'auto'; capacity: number };
    },
  ) {}

  /** The figures, computed at most every `maxAgeMs` per process (many supervisors, one computation). */
  figures(maxAgeMs = 0): Promise<SupervisorFigures> {
    const now = Date.now();
    if (this.cache && now - this.cache.at <= maxAgeMs) return this.cache.figures;
    const figures = this.compute();
    this.cache = { at: now, figures };
    figures.catch(() => {
      this.cache = undefined;
    });
    return figures;
  }

  /** Forgets the cached figures (something changed). */
  invalidate(): void {
    this.cache = undefined;
  }

  private async compute(): Promise<SupervisorFigures> {
    const [day, waiting, held, accounts] = await Promise.all([this.o.stats.day(), this.o.handoff.line(), this.o.assignments.all(), this.o.accounts.list()]);
    const people = accounts.filter((a) => a.role !== 'editor');
    const status = await this.o.presence.statusOf(people.map((p) => p.username));
    const load = new Map<string, number>();
    for (const c of held) if (c.agent) load.set(c.agent, (load.get(c.agent) ?? 0) + 1);
    const agents = people.map((p) => ({
      username: p.username,
      ...(p.display ? { display: p.display } : {}),
      role: p.role,
      status: status.get(p.username) ?? 'offline',
      load: load.get(p.username) ?? 0,
    }));
    const presence = { available: 0, away: 0, offline: 0 };
    for (const a of agents) presence[a.status] += 1;
    const now = Date.now();
    const oldest = waiting.reduce<number | null>((min, w) => {
      const t = Date.parse(w.waitingSince);
      return Number.isFinite(t) && (min === null || t < min) ? t : min;
    }, null);
    const c = day.counters;
    const rated = Object.values(day.satisfaction).reduce((a, b) => a + b, 0);
    const sum = Object.entries(day.satisfaction).reduce((a, [n, k]) => a + Number(n) * k, 0);
    return {
      at: new Date(now).toISOString(),
      date: day.date,
      hour: day.hour,
      routing: this.o.routing,
      waiting: { total: waiting.length, urgent: waiting.filter((w) => w.urgent).length, oldestSeconds: oldest === null ? null : seconds(now - oldest) },
      inProgress: held.length,
      agents,
      presence,
      firstResponse: durations(day.firstResponsesMs),
      wait: durations(day.waitsMs),
      today: {
        started: c.conversations_started,
        engaged: c.conversations_engaged,
        handoffs: c.handoffs,
        urgent: c.handoffs_urgent,
        handled: c.handled_by_agent,
        resolvedByBot: c.resolved_by_bot,
        // Conversations that never needed a person, out of those where the citizen wrote something today
        // (a widget opened and left silent was settled by nobody).
        deflectionRate: c.conversations_engaged
          ? Math.max(0, Math.round(((c.conversations_engaged - c.handoffs) / c.conversations_engaged) * 1000) / 1000)
          : null,
      },
      satisfaction: { average: rated ? Math.round((sum / rated) * 100) / 100 : null, count: rated, distribution: day.satisfaction },
      satisfactionByTeam: Object.entries(day.satisfactionBySkill).map(([team, r]) => ({ team, ...summariseRatings(r) })),
      hours: day.hours.map((h, hour) => ({ hour, arrivals: h.arrivals, averageWaitSeconds: h.waits ? seconds(h.waitMsTotal / h.waits) : null })),
    };
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function durations(samples: number[]): { p50: number | null; p90: number | null; count: number } {
  const p50 = percentile(samples, 50);
  const p90 = percentile(samples, 90);
  return { p50: p50 === undefined ? null : seconds(p50), p90: p90 === undefined ? null : seconds(p90), count: samples.length };
}
