/** Ordered delivery to push channels: each conversation's transcript is drained in order from its
 * cursor (`deliveredSeq`), one message at a time, through one Bull queue per channel, each send
 * waiting for its slot in a per-second budget kept in Redis, so the pace holds across processes. A message is sent, or, when it truly cannot be
 * (a 4xx other than 429, or the platform's reply window is over), recorded as undeliverable for
 * the agents and only then passed. Retries wait on the injected clock, honouring Retry-After.
 * Pull channels (web chat, API) read the transcript instead. */
import type Queue from 'bull';
import type { Channel, ChannelAddress } from '../core/channel.js';
import { ChannelSendError } from '../core/channel.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { OutboundMessage, StoredMessage } from '../core/messages.js';
import type { Conversation, ConversationStore } from '../conversations/index.js';
import { QUEUES, type QueueFactory } from '../jobs/bull.js';
import type { Logger } from '../log.js';
import type { RedisLock } from '../redis/lock.js';
import type { HubEvents } from './events.js';

/** Deliver the conversation's message `seq` if it is the next one due. */
interface DeliveryJob {
  conversationId: string;
  seq: number;
  attempt: number;
}

/** How long one delivery may hold a conversation (a send has a 15 s timeout). */
const HOLD_MS = 30_000;
const MAX_ATTEMPTS = 20;
const MAX_BACKOFF_MS = 10 * 60_000;
/** Default reply window when a channel declares none. */
const DEFAULT_WINDOW_MS = 24 * 3600_000;

/** What delivery needs from the rest of the hub. */
export interface DeliveryOptions {
  queues: QueueFactory;
  store: ConversationStore;
  lock: RedisLock;
  events: HubEvents;
  clock: Clock;
  log: Logger;
  /** The phrase of the list button, for channels that show long choice lists behind one, in the
   * language the citizen reads (machine-translated when the conversation is). */
  listButton: (conv: Conversation) => Promise<string>;
  /** Waits for a slot in the channel's pace, shared by every process (see web/rate-limit.ts's pacer). */
  pace: (channel: string, perSecond?: number) => Promise<void>;
  /** Writes the internal note telling agents a message was not delivered. */
  recordUndeliverable: (conv: Conversation, message: StoredMessage, reason: string) => Promise<void>;
}

/** Per-channel outbound queues; a process works only the queues of the channels it runs. */
export class Delivery {
  private readonly queues = new Map<string, Queue.Queue<DeliveryJob>>();
  private readonly channels = new Map<string, Channel>();
  private readonly retries = new Set<TimerHandle>();

  constructor(private readonly o: DeliveryOptions) {}

  private queue(channel: string): Queue.Queue<DeliveryJob> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = this.o.queues.create<DeliveryJob>(QUEUES.outbound(channel));
      this.queues.set(channel, queue);
    }
    return queue;
  }

  /** Starts sending for a push channel this process runs. */
  serve(channel: Channel): void {
    if (!channel.send) return;
    this.channels.set(channel.id, channel);
    void this.queue(channel.id).process(4, (job) =>
      this.drain(channel, job.data).catch((err: Error) => {
        this.o.log.warn('delivery step failed', { channel: channel.id, conversation: job.data.conversationId, error: err.message });
        throw err;
      }),
    );
  }

  /** Asks for messages `seqs` of a push conversation to go out (they leave in transcript order). */
  async schedule(channel: string, conversationId: string, seqs: number[]): Promise<void> {
    for (const seq of seqs) await this.add(channel, { conversationId, seq, attempt: 0 }, 'say');
  }

  /** Sends one message that is in no transcript (the confirmation of an erased conversation, whose
   * transcript is gone) through a channel this process runs: once, paced, never retried. False when
   * it did not leave (the channel is not served here, or the platform refused). */
  async sendOnce(channelId: string, address: ChannelAddress, message: OutboundMessage): Promise<boolean> {
    const channel = this.channels.get(channelId);
    if (!channel?.send) return false;
    try {
      await this.o.pace(channel.id, channel.capabilities.ratePerSecond);
      await channel.send(address, message);
      return true;
    } catch (err) {
      this.o.log.warn('one-off send failed', { channel: channel.id, error: (err as Error).message });
      return false;
    }
  }

  /** Cancels pending retry timers (the jobs they would add are found again by `resume`). */
  stop(): void {
    for (const timer of this.retries) this.o.clock.clearTimeout(timer);
    this.retries.clear();
  }

  private async add(channel: string, job: DeliveryJob, why: 'say' | 'next' | 'retry'): Promise<void> {
    // One id per message and reason: a repeated schedule of the same message is one job. A failed job
    // is not kept (its failure is logged): Bull ignores an add whose id it still holds, so a kept one
    // would swallow the sweep's next schedule of its message.
    const jobId = `${job.conversationId}:${job.seq}:${why === 'retry' ? `r${job.attempt}` : why}`;
    await this.queue(channel).add(job, { jobId, removeOnComplete: true, removeOnFail: true });
  }

  /** One step of a conversation's drain: sends its next message if that is `job.seq`. Then, unless a
   * retry now waits for that head, it looks for the head again — read after releasing the hold — and
   * schedules it: a job that found the conversation held returns at once and counts on the holder for
   * this, also when the holder's own message was not the head (two messages scheduled at the same moment:
   * the later one's job may take the hold first, and the head's job would otherwise be lost). */
  private async drain(channel: Channel, job: DeliveryJob): Promise<void> {
    const release = await this.o.lock.acquire(`deliver:${job.conversationId}`, HOLD_MS);
    if (!release) return; // another job is sending this conversation; it schedules the head after it
    let outcome: StepOutcome;
    try {
      outcome = await this.step(channel, job);
    } finally {
      await release();
    }
    if (outcome === 'retrying' || outcome === 'gone') return; // the retry drains what follows
    const conv = await this.o.store.get(job.conversationId);
    if (!conv) return;
    // The head waits for its retry (Retry-After): sending it now would not wait as the platform asked.
    if (outcome === 'not_head' && (conv.deliveryRetryAt ?? 0) > this.o.clock.now()) return;
    const next = await this.head(conv);
    if (next) await this.add(channel.id, { conversationId: job.conversationId, seq: next.seq, attempt: 0 }, 'next');
  }

  /** Sends the conversation's next message if it is `job.seq`: 'moved' when the cursor moved past it,
   * 'retrying' when a retry is scheduled, 'not_head' when another message goes first (or this one is
   * done already), 'gone' when there is nothing to deliver to. */
  private async step(channel: Channel, job: DeliveryJob): Promise<StepOutcome> {
    const conv = await this.o.store.get(job.conversationId);
    if (!conv?.address) return 'gone'; // purged, or not a push conversation
    const cursor = conv.deliveredSeq ?? 0;
    const head = await this.head(conv);
    if (!head) return 'gone'; // all delivered
    if (head.seq !== job.seq) return 'not_head';
    if (!(await this.send(channel, conv, head, job.attempt))) return 'retrying';
    return (await this.o.store.advanceDelivery(conv.id, cursor, head.seq)) ? 'moved' : 'not_head';
  }

  /** The conversation's next message to deliver after its cursor, if any. */
  private async head(conv: Conversation): Promise<StoredMessage | undefined> {
    return (await this.o.store.messages(conv.id, conv.deliveredSeq ?? 0, { internal: true })).find(deliverable);
  }

  /** True when the message left (or was given up and recorded); false when a retry is scheduled. */
  private async send(channel: Channel, conv: Conversation, message: StoredMessage, attempt: number): Promise<boolean> {
    try {
      await this.o.pace(channel.id, channel.capabilities.ratePerSecond);
      await channel.send!(conv.address!, {
        conversationId: conv.id,
        from: message.from as 'bot' | 'agent' | 'system',
        text: message.text,
        choices: message.choices,
        links: message.links,
        urgent: message.urgent,
        // The citizen's language: a machine-translated conversation runs in the source language, read in `translateTo`.
        locale: conv.translateTo ?? conv.locale,
        ...(message.author ? { author: message.author } : {}),
        listButton: await this.o.listButton(conv),
      });
      return true;
    } catch (err) {
      const retryable = !(err instanceof ChannelSendError) || err.retryable;
      const delay = retryDelayMs(attempt, err);
      const window = channel.capabilities.replyWindowMs ?? DEFAULT_WINDOW_MS;
      const expired = this.o.clock.now() + delay - Date.parse(message.at) > window;
      this.o.log.warn('send failed', { channel: channel.id, conversation: conv.id, seq: message.seq, retryable, attempt: attempt + 1 });
      if (retryable && !expired && attempt + 1 < MAX_ATTEMPTS) {
        await this.o.store.update(conv.id, { deliveryRetryAt: this.o.clock.now() + delay });
        this.retryLater(channel.id, { conversationId: conv.id, seq: message.seq, attempt: attempt + 1 }, delay);
        return false;
      }
      const reason = !retryable ? (err as Error).message : expired ? 'reply window over' : `${MAX_ATTEMPTS} attempts failed`;
      await this.o.recordUndeliverable(conv, message, reason);
      await this.o.events.emit('undeliverable', { conversationId: conv.id, seq: message.seq, reason });
      return true;
    }
  }

  private retryLater(channel: string, job: DeliveryJob, delayMs: number): void {
    const timer = this.o.clock.setTimeout(() => {
      this.retries.delete(timer);
      void this.add(channel, job, 'retry').catch((err: Error) => this.o.log.warn('retry not scheduled', { channel, error: err.message }));
    }, delayMs);
    this.retries.add(timer);
  }

  /** Re-schedules the head of every push conversation whose transcript is not fully delivered
   * (after a crash, or a retry timer lost with its process). Run by the sweep. */
  async resume(conversationIds: string[]): Promise<number> {
    // Only this process's push channels' conversations: the web chats and API ones among the open
    // conversations are most of them, and have nothing to deliver.
    if (!this.channels.size) return 0;
    let resumed = 0;
    for (const id of await this.o.store.onChannels(conversationIds, new Set(this.channels.keys()))) {
      const conv = await this.o.store.get(id);
      if (!conv) continue; // erased or purged since
      const head = await this.head(conv);
      if (!head || this.o.clock.now() - Date.parse(head.at) < HOLD_MS) continue; // young: its own job is on its way
      await this.add(conv.channel, { conversationId: id, seq: head.seq, attempt: 0 }, 'next');
      resumed++;
    }
    return resumed;
  }
}

type StepOutcome = 'moved' | 'retrying' | 'not_head' | 'gone';

/** What a push channel shows: everything but the citizen's own messages and internal notes. */
function deliverable(message: StoredMessage): boolean {
  return message.from !== 'citizen' && !message.internal;
}

/** The platform's Retry-After when it gave one, else 1 s doubling. */
function retryDelayMs(attempt: number, err: unknown): number {
  if (err instanceof ChannelSendError && err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, MAX_BACKOFF_MS);
  return Math.min(1000 * 2 ** attempt, MAX_BACKOFF_MS);
}
