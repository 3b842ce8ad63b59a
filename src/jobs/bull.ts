/** The one place that creates Bull queues: names, key prefix and Redis connections. */
import Queue from 'bull';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { RedisTarget } from '../redis/connect.js';

/** Queue names. Jobs carry ids, never transcripts. */
export const QUEUES = {
  /** Conversations waiting for a human agent ({conversationId, urgent, ...}). */
  handoff: 'handoff',
  /** Replies to deliver on a push channel: `outbound:<channel>` ({conversationId, seq}). */
  outbound: (channel: string) => `outbound:${channel}`,
} as const;

/** Makes Bull queues sharing one client connection and one subscriber per process. */
export class QueueFactory {
  private client?: Redis;
  private subscriber?: Redis;
  private readonly queues: Queue.Queue[] = [];

  constructor(
    private readonly target: RedisTarget,
    private readonly prefix: string,
    private readonly log?: Logger,
  ) {}

  /** A queue named `name`, under `<prefix>:bull`. */
  create<T = unknown>(name: string, options: Partial<Queue.QueueOptions> = {}): Queue.Queue<T> {
    const queue = new Queue<T>(name, {
      prefix: `${this.prefix}:bull`,
      ...options,
      createClient: (type) => {
        // Bull requires these two settings on its blocking and subscriber connections.
        const blocking = { maxRetriesPerRequest: null, enableReadyCheck: false };
        if (type === 'client') {
          this.client ??= this.target.connect(blocking);
          return this.client;
        }
        if (type === 'subscriber') {
          this.subscriber ??= this.target.connect(blocking);
          return this.subscriber;
        }
        return this.target.connect(blocking);
      },
    });
    queue.on('error', (err) => this.log?.warn('queue error', { queue: name, error: err.message }));
    this.queues.push(queue as Queue.Queue);
    return queue;
  }

  /** Closes every queue this factory made (workers finish their current job first). */
  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => {})));
    this.client?.disconnect();
    this.subscriber?.disconnect();
  }
}
