/** The human agents' queue: one Bull job per waiting conversation, urgent first, then those whose skills
 * go ahead (knowledge/routing.yaml `ahead_of_queue`: victims of violence), then oldest first. */
import { EventEmitter } from 'node:events';
import type Queue from 'bull';
import { QUEUES, type QueueFactory } from '../jobs/bull.js';

/** What an agent sees of a waiting conversation before claiming it (no message text but the summary). */
export interface WaitingConversation {
  id: string;
  urgent: boolean;
  /** `maybe`: the bot asked whether the citizen was in danger and it was not confirmed. */
  danger?: 'now' | 'maybe' | 'none';
  intent: string;
  locale: string;
  channel: string;
  waitingSince: string;
  summary: string;
  /** Handed off outside the service's hours (flows/service.yaml): the citizen was told when agents are back. */
  afterHours?: boolean;
  /** Skills an agent needs to be given it automatically (knowledge/routing.yaml); empty: anyone. */
  skills?: string[];
  /** Ahead of the other non-urgent conversations (its skills are in `ahead_of_queue`); set by the queue. */
  ahead?: boolean;
}

/** A waiting conversation's place in line, without its summary (HandoffQueue.line). */
export type InLine = Omit<WaitingConversation, 'summary'>;

const URGENT_PRIORITY = 1;
const AHEAD_PRIORITY = 2;
const NORMAL_PRIORITY = 3;

/** Waiting conversations, kept as Bull jobs whose id is the conversation id (one job each). */
export class HandoffQueue {
  private readonly queue: Queue.Queue<WaitingConversation>;
  private readonly changes = new EventEmitter();

  /** `goesAhead`: whether a conversation needing these skills goes ahead of the other non-urgent ones (read at each enqueue: content reloads). */
  constructor(
    factory: QueueFactory,
    private readonly goesAhead: (skills: readonly string[]) => boolean = () => false,
  ) {
    // No worker takes these jobs: agents claim them. They stay until claimed or withdrawn.
    this.queue = factory.create<WaitingConversation>(QUEUES.handoff);
  }

  /** Calls `listener` after this process changes the queue (other processes hear it through the console bus). */
  onChange(listener: () => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  /** Puts a conversation in line; a second call for the same one only raises it to urgent. */
  async enqueue(entry: WaitingConversation): Promise<void> {
    const existing = await this.queue.getJob(entry.id);
    let timestamp: number | undefined;
    if (existing) {
      if (!entry.urgent || existing.data.urgent) return;
      await existing.remove();
      entry = { ...existing.data, urgent: true, intent: entry.intent, skills: entry.skills ?? existing.data.skills };
      timestamp = existing.timestamp; // raised, not re-queued: the wait figures keep its arrival
    }
    entry = { ...entry, ahead: this.goesAhead(entry.skills ?? []) };
    await this.queue.add(entry, {
      jobId: entry.id,
      priority: entry.urgent ? URGENT_PRIORITY : entry.ahead ? AHEAD_PRIORITY : NORMAL_PRIORITY,
      removeOnComplete: true,
      removeOnFail: true,
      ...(timestamp ? { timestamp } : {}),
    });
    await this.queue.client.zadd(this.orderKey, orderScore(entry), entry.id);
    this.changes.emit('change');
  }

  /** Takes a conversation out of line (claimed, closed or withdrawn); says when it had entered it. */
  async withdraw(conversationId: string): Promise<{ enqueuedAt: number } | undefined> {
    const job = await this.queue.getJob(conversationId);
    if (!job) return undefined;
    const removed = await job.remove().then(
      () => true,
      () => false,
    );
    if (!removed) return undefined;
    await this.queue.client.zrem(this.orderKey, conversationId);
    this.changes.emit('change');
    return { enqueuedAt: job.timestamp };
  }

  /** Everyone waiting: urgent first, then oldest first. */
  async list(): Promise<WaitingConversation[]> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'paused']);
    return jobs
      .filter((j): j is Queue.Job<WaitingConversation> => Boolean(j))
      .map((j) => ({ ...j.data, skills: j.data.skills ?? [] }))
      .sort(compareWaiting);
  }

  /** The line without the citizens' words: what the router and the place notifier work from. They
   * await Redis with it in hand, and a summary held there outlives the request that wrote it (the
   * in-memory privacy test caught one in a heap snapshot taken under load). */
  async line(): Promise<InLine[]> {
    return (await this.list()).map(({ summary: _words, ...entry }) => entry);
  }

  /** How many wait, urgent and in all (one command: metrics ask at every scrape). */
  async count(): Promise<{ urgent: number; all: number }> {
    const [all, urgent] = await Promise.all([this.queue.client.zcard(this.orderKey), this.queue.client.zcount(this.orderKey, 0, 1e13 - 1)]);
    return { urgent, all };
  }

  /** 1-based place of a conversation in line, or undefined when it is not waiting. O(log n): it is
   * asked at every hand-off, and a crisis may put hundreds in line. */
  async position(conversationId: string): Promise<number | undefined> {
    const rank = await this.queue.client.zrank(this.orderKey, conversationId);
    return rank === null ? undefined : rank + 1;
  }

  /** A sorted index beside the Bull jobs: urgent first, then ahead, then by arrival. */
  private get orderKey(): string {
    return this.queue.toKey('order');
  }
}

/** Urgent conversations sort before all others, then those ahead; within each group, by time waiting. */
function orderScore(entry: WaitingConversation): number {
  return (entry.urgent ? 0 : entry.ahead ? 1e13 : 2e13) + Date.parse(entry.waitingSince);
}

/** Urgent first, then ahead (e.g. violence, for trained agents), then the rest; within each, the longest wait first. */
export function compareWaiting(a: WaitingConversation, b: WaitingConversation): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  if (Boolean(a.ahead) !== Boolean(b.ahead)) return a.ahead ? -1 : 1;
  return a.waitingSince.localeCompare(b.waitingSince);
}
