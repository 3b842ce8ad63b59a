/** Delivers stored replies to push channels through one Bull queue per channel, with retries,
 * back-off (the platform's Retry-After when it gives one) and its rate limit, in transcript order.
 * Pull channels (web, API) read the transcript instead. */
import type Queue from 'bull';
import type { Redis } from 'ioredis';
import type { Channel } from '../core/channel.js';
import { ChannelSendError } from '../core/channel.js';
import type { ConversationStore } from '../conversations/store.js';
import { QUEUES, type QueueFactory } from '../jobs/bull.js';
import type { Logger } from '../log.js';

interface DeliveryJob {
  conversationId: string;
  seq: number;
}

/** An earlier message of the same conversation is still on its way: try again shortly. */
class EarlierMessagePending extends Error {}

const BACKOFF = 'relais';
const ATTEMPTS = 12;
const MAX_BACKOFF_MS = 5 * 60_000;
// Raises the "settled up to seq" mark of a conversation, never lowers it.
const SETTLE = `local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end return 1`;

/** Per-channel outbound queues; a process works only the queues of the channels it runs. */
export class Delivery {
  private readonly queues = new Map<string, Queue.Queue<DeliveryJob>>();

  constructor(
    private readonly factory: QueueFactory,
    private readonly store: ConversationStore,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  private queue(channel: string): Queue.Queue<DeliveryJob> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = this.factory.create<DeliveryJob>(QUEUES.outbound(channel), {
        settings: { backoffStrategies: { [BACKOFF]: backoffMs } } as Queue.AdvancedSettings,
      });
      this.queues.set(channel, queue);
    }
    return queue;
  }

  /** Schedules message `seq` of a conversation for its channel. */
  async enqueue(channel: string, job: DeliveryJob): Promise<void> {
    await this.queue(channel).add(job, {
      // One job per message: a retried enqueue never sends twice.
      jobId: `${job.conversationId}:${job.seq}`,
      attempts: ATTEMPTS,
      backoff: { type: BACKOFF },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** Starts sending for a channel this process runs, at most `ratePerSecond` messages a second. */
  serve(channel: Channel, ratePerSecond = 25): void {
    const queue = this.queue(channel.id);
    void queue.process(1, async (job) => {
      try {
        await this.deliver(channel, job.data);
      } catch (err) {
        const lastTry = job.attemptsMade + 1 >= ATTEMPTS;
        const retryable = !(err instanceof ChannelSendError) || err.retryable;
        if (!(err instanceof EarlierMessagePending)) {
          this.log.warn('send failed', { channel: channel.id, conversation: job.data.conversationId, seq: job.data.seq, retryable, attempt: job.attemptsMade + 1 });
        }
        if (!retryable || lastTry) {
          // Given up: later messages must not wait for this one any more.
          await this.settle(job.data);
          if (!retryable) await job.discard();
        }
        throw err;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(1000 / ratePerSecond)));
    });
  }

  private async deliver(channel: Channel, job: DeliveryJob): Promise<void> {
    const conv = await this.store.get(job.conversationId);
    if (!conv?.address) return; // purged, or not a push conversation: nothing to send
    const settled = Number((await this.redis.get(this.settledKey(conv.id))) ?? 0);
    if (job.seq <= settled) return; // already sent (a retry after a crash between send and settle)
    const between = await this.store.messages(conv.id, settled, { limit: job.seq - settled });
    if (between.some((m) => m.seq < job.seq && m.from !== 'citizen')) throw new EarlierMessagePending('an earlier message is still being delivered');
    const message = between.find((m) => m.seq === job.seq);
    if (message && message.from !== 'citizen' && !message.internal) {
      await channel.send(conv.address, {
        conversationId: conv.id, from: message.from as 'bot' | 'agent' | 'system', text: message.text,
        choices: message.choices, links: message.links, urgent: message.urgent, locale: conv.locale,
      });
    }
    await this.settle(job);
  }

  private settledKey(conversationId: string): string {
    return `${this.prefix}:conv:${conversationId}:settled`;
  }

  private async settle(job: DeliveryJob): Promise<void> {
    await this.redis.eval(SETTLE, 1, this.settledKey(job.conversationId), job.seq, 30 * 24 * 3600);
  }
}

/** Retry delays: shortly when waiting for an earlier message, the platform's Retry-After, else 1 s doubling. */
function backoffMs(attemptsMade: number, err?: Error): number {
  if (err instanceof EarlierMessagePending) return 250;
  if (err instanceof ChannelSendError && err.retryAfterMs) return Math.min(err.retryAfterMs, MAX_BACKOFF_MS);
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
}
