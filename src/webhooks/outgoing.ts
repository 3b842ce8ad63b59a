/** Outgoing webhooks: each event is a delivery per configured URL, kept in Redis until it is done, so
 * it survives a restart and N hub processes share the work, each delivery sent by one of them at a
 * time. A sorted set holds the deliveries by due time (the injected clock's); a process claims the due
 * ones in one script by pushing their due time a lease ahead, sends, then deletes them (2xx, or a
 * refusal that a retry cannot change) or puts them back due after a backoff (5xx, 408, 429, timeout,
 * connection error), for at most MAX_ATTEMPTS attempts. A process that dies mid-send loses its lease
 * and another one sends again: a receiver may see a delivery twice, and dedupes on its id.
 * Why not Bull, as channel delivery does: Bull's delays run on the wall clock, and its jobs would
 * need a separate timer per retry; here the due time is data, read by every process's poll. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../log.js';
import { type EventEnvelope, signedHeaders, toBody, type WebhookEnvelope } from './payload.js';

/** Attempts per delivery (about eight and a half minutes of backoff between the first and the last). */
export const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 10 * 60_000;
/** How long a claimed delivery is held before another process may try it (well above a send's timeout). */
const LEASE_MS = 60_000;
/** How often each process looks for due deliveries (retries and ones left by a dead process). */
const POLL_MS = 1000;
const BATCH = 16;
/** A delivery record outlives its last possible attempt, then Redis forgets it even if nothing did. */
const RECORD_TTL_SECONDS = 24 * 3600;

// Claims up to ARGV[3] deliveries due at ARGV[1] by moving them to ARGV[2] (the lease's end).
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return ids`;

/** What the sender needs. */
export interface OutgoingWebhooksOptions {
  redis: Redis;
  prefix: string;
  /** Where every event goes (OUTGOING_WEBHOOKS). */
  urls: readonly string[];
  /** The HMAC key (OUTGOING_WEBHOOK_SECRET). */
  secret: string;
  clock: Clock;
  log: Logger;
  /** One attempt's limit, in ms (a network timeout, on the wall clock). */
  timeoutMs: number;
}

/** Why an attempt failed, and whether another may succeed. */
interface Failure {
  retryable: boolean;
  reason: string;
  retryAfterMs?: number;
}

/** Queues, signs and sends outgoing webhooks; `start` on every hub process. */
export class OutgoingWebhooks {
  private polling?: TimerHandle;
  private busy = false;
  private again = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: OutgoingWebhooksOptions) {}

  private get dueKey(): string {
    return `${this.o.prefix}:webhooks:due`;
  }

  private recordKey(id: string): string {
    return `${this.o.prefix}:webhooks:delivery:${id}`;
  }

  /** Queues one delivery of `envelope` (its `delivery` id is made here) per URL, due now. */
  async enqueue(envelope: EventEnvelope): Promise<void> {
    if (!this.o.urls.length) return;
    const tx = this.o.redis.multi();
    for (const url of this.o.urls) {
      const id = randomUUID();
      const key = this.recordKey(id);
      tx.hset(key, { url, envelope: JSON.stringify({ delivery: id, ...envelope }), attempt: 0 }).expire(key, RECORD_TTL_SECONDS);
      tx.zadd(this.dueKey, this.o.clock.now(), id);
    }
    await tx.exec();
    this.kick();
  }

  /** Drops the deliveries still pending about a conversation (the citizen erased it: not even its id
   * and topic stay behind). The pending set is small: deliveries leave within minutes. */
  async forget(conversationId: string): Promise<number> {
    let dropped = 0;
    for (const id of await this.o.redis.zrange(this.dueKey, 0, -1)) {
      const envelope = await this.o.redis.hget(this.recordKey(id), 'envelope');
      if (envelope && (JSON.parse(envelope) as WebhookEnvelope).conversation.id !== conversationId) continue;
      await this.o.redis.multi().del(this.recordKey(id)).zrem(this.dueKey, id).exec();
      if (envelope) dropped++;
    }
    return dropped;
  }

  /** Starts polling for due deliveries (those left by a stopped process too, at once). */
  start(): void {
    if (!this.o.urls.length) return;
    this.stopped = false;
    this.polling = this.o.clock.setInterval(() => this.kick(), POLL_MS);
    this.kick();
  }

  /** Stops polling and waits for the sends under way (a delivery not finished stays queued). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.o.clock.clearInterval(this.polling);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Looks for due deliveries now and waits until this process has sent them (tests, shutdown checks). */
  async flush(): Promise<void> {
    this.kick();
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** How many deliveries are still queued (sent ones are gone). */
  async pending(): Promise<number> {
    return this.o.redis.zcard(this.dueKey);
  }

  /** Looks for due deliveries now (one look at a time per process; a kick meanwhile looks again). */
  kick(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const run = this.sendDue()
      .catch((err: Error) => this.o.log.warn('webhooks: poll failed', { error: err.message }))
      .finally(() => {
        this.busy = false;
        this.inFlight.delete(run);
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    this.inFlight.add(run);
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      const now = this.o.clock.now();
      const ids = (await this.o.redis.eval(CLAIM, 1, this.dueKey, now, now + LEASE_MS, BATCH)) as string[];
      if (!ids.length) return;
      await Promise.all(ids.map((id) => this.attempt(id)));
      if (ids.length < BATCH || this.stopped) return;
    }
  }

  /** One attempt of a claimed delivery, and what becomes of it. */
  private async attempt(id: string): Promise<void> {
    const record = await this.o.redis.hgetall(this.recordKey(id));
    if (!record.envelope) {
      await this.o.redis.zrem(this.dueKey, id); // expired or done by another process
      return;
    }
    const envelope = JSON.parse(record.envelope) as WebhookEnvelope;
    const attempt = Number(record.attempt ?? 0) + 1;
    const failure = await this.post(record.url, envelope);
    const log = { event: envelope.event, delivery: id, conversation: envelope.conversation.id, attempt };
    if (!failure) {
      await this.o.redis.multi().del(this.recordKey(id)).zrem(this.dueKey, id).exec();
      this.o.log.info('webhook delivered', log);
      return;
    }
    if (!failure.retryable || attempt >= MAX_ATTEMPTS) {
      await this.o.redis.multi().del(this.recordKey(id)).zrem(this.dueKey, id).exec();
      this.o.log.warn('webhook given up', { ...log, reason: failure.reason });
      return;
    }
    const delay = Math.min(failure.retryAfterMs ?? 1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    await this.o.redis
      .multi()
      .hset(this.recordKey(id), 'attempt', attempt)
      .zadd(this.dueKey, this.o.clock.now() + delay, id)
      .exec();
    this.o.log.warn('webhook failed, will retry', { ...log, reason: failure.reason, retryInMs: delay });
  }

  /** POSTs one attempt; undefined when the receiver accepted it (2xx). */
  private async post(url: string, envelope: WebhookEnvelope): Promise<Failure | undefined> {
    const sentAt = this.o.clock.now();
    const body = toBody(envelope, sentAt);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: signedHeaders(body, this.o.secret, envelope, sentAt),
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.body?.cancel().catch(() => {});
      if (res.ok) return undefined;
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      const after = Number(res.headers.get('retry-after'));
      return { retryable, reason: `HTTP ${res.status}`, ...(Number.isFinite(after) && after > 0 ? { retryAfterMs: after * 1000 } : {}) };
    } catch (err) {
      // A timeout, a refused connection, a reset: the receiver may be back soon.
      return { retryable: true, reason: (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' };
    }
  }
}
