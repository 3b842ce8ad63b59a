/** Tells waiting citizens their place and an estimated wait, and again when it moves (without spam). */
import type { Redis } from 'ioredis';
import type { Conversation, ConversationStore } from '../conversations/index.js';
import type { RedisLock } from '../redis/lock.js';
import type { Phrases } from '../i18n/phrases.js';
import type { HandoffQueue } from './handoff-queue.js';
import { estimateWaitMinutes, shouldTellPlace } from './wait-estimate.js';

/** What the notifier needs from the rest of the hub. */
export interface QueueNotifierOptions {
  redis: Redis;
  prefix: string;
  handoff: Pick<HandoffQueue, 'line' | 'position'>;
  store: ConversationStore;
  lock: RedisLock;
  phrases: () => Phrases;
  /** Appends a system message for the citizen. */
  say: (conv: Conversation, text: string) => Promise<void>;
  /** Available agents, agent capacity and mean handle time, for the estimate. */
  capacity: () => Promise<{ agents: number; capacity: number; handleMs?: number }>;
  now?: () => number;
}

/** Remembers, per waiting conversation, the place last told (`<prefix>:handoff:told`). */
export class QueueNotifier {
  private timer?: NodeJS.Timeout;

  constructor(private readonly o: QueueNotifierOptions) {}

  private get toldKey(): string {
    return `${this.o.prefix}:handoff:told`;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** The first message after a hand-off: place and estimated wait. */
  async announce(conv: Conversation): Promise<void> {
    const position = await this.o.handoff.position(conv.id);
    if (!position) return;
    await this.tell(conv, position, 'handoff_position', await this.o.capacity());
  }

  /** Runs `update` soon; repeated calls within a short time run it once. */
  kick(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update().catch(() => {}); // the periodic sweep tries again
    }, 250);
  }

  /** Tells every waiting citizen whose place moved enough; one process at a time. */
  async update(): Promise<void> {
    const release = await this.o.lock.acquire('notify-queue');
    if (!release) return;
    try {
      const waiting = await this.o.handoff.line();
      const told = await this.o.redis.hgetall(this.toldKey);
      let capacity: Awaited<ReturnType<QueueNotifierOptions['capacity']>> | undefined;
      const stale = Object.keys(told).filter((id) => !waiting.some((w) => w.id === id));
      if (stale.length) await this.o.redis.hdel(this.toldKey, ...stale);
      for (const [i, entry] of waiting.entries()) {
        if (!told[entry.id]) {
          // `announce` speaks first, right after the hand-off; here we only start following the place.
          await this.o.redis.hset(this.toldKey, entry.id, JSON.stringify({ position: i + 1, at: this.now() }));
          continue;
        }
        const last = JSON.parse(told[entry.id]) as { position: number; at: number };
        if (!shouldTellPlace(last, i + 1, this.now())) continue;
        const conv = await this.o.store.get(entry.id);
        if (conv?.mode !== 'waiting') continue;
        capacity ??= await this.o.capacity();
        await this.tell(conv, i + 1, 'queue_moved', capacity);
      }
    } finally {
      await release();
    }
  }

  /** Stops the pending update, if any. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tell(
    conv: Conversation,
    position: number,
    key: 'handoff_position' | 'queue_moved',
    capacity: { agents: number; capacity: number; handleMs?: number },
  ): Promise<void> {
    const minutes = estimateWaitMinutes({ position, ...capacity });
    const phrases = this.o.phrases();
    const text =
      key === 'handoff_position'
        ? `${phrases.t('handoff_position', conv.locale, { position })} ${phrases.t('queue_wait', conv.locale, { minutes })}`
        : phrases.t('queue_moved', conv.locale, { position, minutes });
    await this.o.redis.hset(this.toldKey, conv.id, JSON.stringify({ position, at: this.now() }));
    await this.o.say(conv, text);
  }
}
