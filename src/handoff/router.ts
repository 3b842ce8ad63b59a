/** Automatic assignment (ROUTING_MODE=auto): the oldest urgent conversation first, to the least-busy
 * available agent under their capacity who has the skills it needs (knowledge/routing.yaml; see
 * `pickAgent` for when another agent may have it). One process assigns at a time (a Redis lock);
 * claims stay compare-and-set, so a race can only lose a turn, never give a conversation twice. */
import type { Role } from '../agents/accounts.js';
import type { RedisLock } from '../redis/lock.js';
import type { Assignments } from './assignments.js';
import type { HandoffQueue } from './handoff-queue.js';
import type { Presence } from './presence.js';

/** What the router needs; `assign` claims for an agent and says whether it worked. */
export interface RouterOptions {
  mode: 'pick' | 'auto';
  capacity: number;
  handoff: Pick<HandoffQueue, 'line'>;
  assignments: Assignments;
  presence: Presence;
  lock: RedisLock;
  agents: () => Promise<{ username: string; role: Role; skills?: readonly string[] }[]>;
  assign: (agent: string, conversationId: string) => Promise<boolean>;
  /** How long a conversation waits for a busy skilled agent before another may get it (routing.yaml). */
  fallbackMs?: () => number;
  /** The hub's clock (ms), to tell how long a conversation has waited. */
  now?: () => number;
  onError?: (err: Error) => void;
}

/** An agent who could take a conversation now. */
export interface Candidate {
  username: string;
  load: number;
  /** When they were last given one (ms), so equal loads take turns. */
  lastAssigned: number;
  /** The account's skills. */
  skills?: readonly string[];
}

/** What a conversation asks of its agent: skills, and whether it may go to one without them. */
export interface Need {
  skills?: readonly string[];
  /** It has waited long enough for a busy skilled agent (or it is urgent). */
  mayFallBack?: boolean;
}

/** The least-busy candidate (all available) under capacity with every skill needed; ties go to whoever
 * waited longest for one. Without such a one: when no candidate has the skills at all (nobody trained
 * on duty), or when the need may fall back (the skilled ones are busy and it waited, or it is urgent),
 * the candidate under capacity with the most of the skills; otherwise nobody (it waits). */
export function pickAgent(candidates: readonly Candidate[], capacity: number, need: Need = {}): Candidate | undefined {
  const skills = need.skills ?? [];
  const matched = (c: Candidate): number => skills.filter((s) => c.skills?.includes(s)).length;
  const open = candidates.filter((c) => c.load < capacity);
  let pool = open.filter((c) => matched(c) === skills.length);
  const skilledOnDuty = candidates.some((c) => matched(c) === skills.length);
  if (!pool.length && (!skilledOnDuty || need.mayFallBack)) pool = open;
  return pool.sort((a, b) => matched(b) - matched(a) || a.load - b.load || a.lastAssigned - b.lastAssigned || a.username.localeCompare(b.username))[0];
}

/** Assigns waiting conversations when asked (`kick`) and on every sweep (`run`). */
export class Router {
  private running = false;
  private again = false;
  private retry?: NodeJS.Timeout;
  private readonly lastAssigned = new Map<string, number>();

  constructor(private readonly o: RouterOptions) {}

  /** Assigns what can be, soon; calls during a run make it run once more. */
  kick(): void {
    if (this.o.mode !== 'auto') return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run().catch((err: Error) => this.o.onError?.(err));
  }

  /** One assignment round; returns how many conversations were assigned. */
  async run(): Promise<number> {
    if (this.o.mode !== 'auto' || this.running) return 0;
    this.running = true;
    let assigned = 0;
    try {
      do {
        this.again = false;
        const release = await this.o.lock.acquire('assign');
        if (!release) {
          // Another process is assigning; it may have read the queue before our change, so look again shortly.
          this.retry ??= setTimeout(() => {
            this.retry = undefined;
            this.kick();
          }, 200);
          break;
        }
        try {
          assigned += await this.round();
        } finally {
          await release();
        }
      } while (this.again);
    } finally {
      this.running = false;
    }
    return assigned;
  }

  /** Stops a pending retry. */
  stop(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  private async round(): Promise<number> {
    const waiting = await this.o.handoff.line();
    if (!waiting.length) return 0;
    const people = (await this.o.agents()).filter((a) => a.role === 'agent' || a.role === 'supervisor');
    const status = await this.o.presence.statusOf(people.map((p) => p.username));
    const candidates: Candidate[] = [];
    for (const p of people) {
      if (status.get(p.username) !== 'available') continue;
      const load = (await this.o.assignments.of(p.username)).length;
      candidates.push({ username: p.username, load, lastAssigned: this.lastAssigned.get(p.username) ?? 0, skills: p.skills ?? [] });
    }
    let assigned = 0;
    const now = this.o.now?.() ?? Date.now();
    const fallbackMs = this.o.fallbackMs?.() ?? 0;
    for (const entry of waiting) {
      if (!candidates.some((c) => c.load < this.o.capacity)) break;
      const waited = now - Date.parse(entry.waitingSince);
      // A conversation left waiting for a skilled colleague does not hold up those behind it.
      const agent = pickAgent(candidates, this.o.capacity, { skills: entry.skills, mayFallBack: entry.urgent || waited >= fallbackMs });
      if (!agent) continue;
      if (await this.o.assign(agent.username, entry.id)) {
        agent.load += 1;
        agent.lastAssigned = Date.now();
        this.lastAssigned.set(agent.username, agent.lastAssigned);
        assigned += 1;
      }
    }
    return assigned;
  }
}
