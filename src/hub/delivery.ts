/** Delivers stored replies to push channels through one Bull queue per channel, with retries,
 * back-off and each platform's rate limit. Pull channels (web, API) read the transcript instead. */
import type Queue from 'bull';
import type { Channel } from '../core/channel.js';
import { ChannelSendError } from '../core/channel.js';
import type { ConversationStore } from '../conversations/store.js';
import { QUEUES, type QueueFactory } from '../jobs/bull.js';
import type { Logger } from '../log.js';

interface DeliveryJob {
  conversationId: string;
  seq: number;
}

/** Per-channel outbound queues; a process works only the queues of the channels it runs. */
export class Delivery {
  private readonly queues = new Map<string, Queue.Queue<DeliveryJob>>();

  constructor(private readonly factory: QueueFactory, private readonly store: ConversationStore, private readonly log: Logger) {}

  private queue(channel: string): Queue.Queue<DeliveryJob> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = this.factory.create<DeliveryJob>(QUEUES.outbound(channel));
      this.queues.set(channel, queue);
    }
    return queue;
  }

  /** Schedules message `seq` of a conversation for its channel. */
  async enqueue(channel: string, job: DeliveryJob): Promise<void> {
    await this.queue(channel).add(job, {
      // One job per message: a retried enqueue never sends twice.
      jobId: `${job.conversationId}:${job.seq}`,
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** Starts sending for a channel this process runs. */
  serve(channel: Channel, ratePerSecond = 25): void {
    const queue = this.queue(channel.id);
    // One at a time keeps a citizen's messages in order; the pause after each send keeps under the platform's rate.
    void queue.process(1, async (job) => {
      const conv = await this.store.get(job.data.conversationId);
      if (!conv?.address) return; // purged or not a push conversation: nothing to send
      const [message] = await this.store.messages(conv.id, job.data.seq - 1, { limit: 1 });
      if (!message || message.seq !== job.data.seq || message.from === 'citizen' || message.internal) return;
      try {
        await channel.send(conv.address, {
          conversationId: conv.id, from: message.from as 'bot' | 'agent' | 'system', text: message.text,
          choices: message.choices, links: message.links, urgent: message.urgent,
        });
      } catch (err) {
        const retryable = !(err instanceof ChannelSendError) || err.retryable;
        this.log.warn('send failed', { channel: channel.id, conversation: conv.id, seq: message.seq, retryable, attempt: job.attemptsMade + 1 });
        if (!retryable) await job.discard();
        throw err;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(1000 / ratePerSecond)));
    });
  }
}
