/** Fans out "message appended" events from Redis pub/sub to listeners in this process,
 * so a long-poll or a socket served here sees messages written by any hub process; and keeps, for a
 * few seconds, those of a conversation whose citizen has just posted here, for the long-poll that follows. */
import { timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { StoredMessage } from '../core/messages.js';

export type MessageListener = (message: StoredMessage) => void;

/** The conversation an event is about, read without parsing it: the store writes `{"c":"<id>",…` first
 * (scripts.ts WRITE, store.ts erase). */
const CONVERSATION_OF = /^\{"c":"([^"\\]*)"/;

/** The emitter event prefix for "this conversation was erased" (a quick exit; see ConversationStore.erase). */
const ERASED = 'erased:';

/** How long a kept conversation's events wait for the long-poll that follows its citizen's message, and how
 * many conversations are kept at most (oldest dropped first): a few seconds of traffic. */
export const KEPT_MS = 3_000;
const KEPT_MAX = 10_000;
const KEPT_MESSAGES = 50;

/** A citizen's message being stored through this process: its conversation's events from before the
 * store on, so that the long-poll that follows it needs no read (ConversationEvents.keep). */
interface Kept {
  since: number;
  /** The subscriber connection's epoch when keeping began: a reconnection may have lost events. */
  epoch: number;
  messages: StoredMessage[];
  /** Set once the hub stored the message: the seq from which every later message is here, and the
   * token that stored it (in this process's memory only, as long as the entry). */
  from?: number;
  token?: Buffer;
}

/** What keep() returns to the route storing the message. */
export interface KeptConversation {
  /** The message was stored as `seq` with `token` (checked by the hub): a long-poll with that token and
   * `after` ≥ seq may take what was kept. */
  stored(seq: number, token: string): void;
  /** Not stored: nothing to keep. */
  drop(): void;
}

/** One subscriber connection per process, one emitter event per conversation. */
export class ConversationEvents {
  private readonly emitter = new EventEmitter();
  private readonly kept = new Map<string, Kept>();
  /** Counts the subscriber's disconnections; `following` is true once subscribed since the last one. */
  private epoch = 0;
  private subscribed = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly clock: { now(): number } = Date,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening; resolves once subscribed. */
  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, payload: string) => {
      // Every process gets every conversation's messages; one nobody here listens to is not even parsed.
      const id = CONVERSATION_OF.exec(payload)?.[1];
      if (id !== undefined && !this.kept.has(id) && !this.emitter.listenerCount(id) && !this.emitter.listenerCount(`${ERASED}${id}`)) return;
      try {
        const { c, m, erased, renewed } = JSON.parse(payload) as { c: string; m?: StoredMessage; erased?: true; renewed?: true };
        if (erased || renewed) this.kept.delete(c);
        if (erased) return void this.emitter.emit(`${ERASED}${c}`);
        if (m) {
          const kept = this.kept.get(c);
          // A conversation this busy is read from Redis: what is kept stays a few messages.
          if (kept && kept.messages.push(m) > KEPT_MESSAGES) this.kept.delete(c);
          this.emitter.emit(c, m);
        }
      } catch {
        // A malformed event is not ours to crash on; the transcript in Redis stays the truth.
      }
    });
    // Events published while the connection was down are lost: what was kept may miss some, and nothing is
    // kept again until the subscription is confirmed (ioredis subscribes again on reconnecting; the
    // reply to ours comes after it).
    this.subscriber.on('close', () => {
      this.epoch++;
      this.subscribed = false;
      this.kept.clear();
    });
    this.subscriber.on('ready', () => void this.subscribe().catch(() => {}));
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    const epoch = this.epoch;
    await this.subscriber.subscribe(this.channel);
    if (epoch === this.epoch) this.subscribed = true;
  }

  /** True while every event published since the subscription was (last) confirmed has reached this process. */
  get following(): boolean {
    return this.subscribed;
  }

  /** Keeps one conversation's events from now, before a citizen's message to it is stored, so that the
   * long-poll that usually follows (the API's POST then GET) is answered from them without a Redis read
   * (takeKept). Every event published after the store's script began arrives after keeping began (one
   * subscriber connection delivers in order), so from the stored message's seq on, nothing is missing. */
  keep(conversationId: string): KeptConversation {
    if (!this.subscribed) return { stored: () => {}, drop: () => {} };
    const now = this.clock.now();
    for (const [id, k] of this.kept) {
      if (now - k.since < KEPT_MS && this.kept.size < KEPT_MAX) break;
      this.kept.delete(id);
    }
    const entry: Kept = { since: now, epoch: this.epoch, messages: [] };
    this.kept.delete(conversationId); // re-inserted last: the map stays in order of age
    this.kept.set(conversationId, entry);
    const mine = () => this.kept.get(conversationId) === entry;
    return {
      stored: (seq, token) => {
        if (!mine()) return;
        entry.from = seq;
        entry.token = Buffer.from(token);
      },
      drop: () => {
        if (mine()) this.kept.delete(conversationId);
      },
    };
  }

  /** The messages with seq > after kept for a long-poll (once: they are dropped), or undefined when the
   * caller must read Redis: nothing kept, another token, \`after\` before the stored message, too old, or
   * the subscriber reconnected since. The token is the one the hub checked when it stored the message;
   * a token renewed meanwhile drops what was kept (ConversationStore.renewToken announces it). */
  takeKept(conversationId: string, token: string, after: number): StoredMessage[] | undefined {
    const entry = this.kept.get(conversationId);
    if (!entry?.token || entry.from === undefined) return undefined;
    this.kept.delete(conversationId);
    if (entry.epoch !== this.epoch || this.clock.now() - entry.since >= KEPT_MS || after < entry.from) return undefined;
    const presented = Buffer.from(token);
    if (presented.length !== entry.token.length || !timingSafeEqual(presented, entry.token)) return undefined;
    return entry.messages.filter((m) => m.seq > after);
  }

  /** Calls `listener` for each new message of one conversation; returns the unsubscribe function. */
  on(conversationId: string, listener: MessageListener): () => void {
    this.emitter.on(conversationId, listener);
    return () => this.emitter.off(conversationId, listener);
  }

  /** Calls `listener` once this conversation is erased by its citizen (any process); returns the unsubscribe function. */
  onErased(conversationId: string, listener: () => void): () => void {
    this.emitter.once(`${ERASED}${conversationId}`, listener);
    return () => this.emitter.off(`${ERASED}${conversationId}`, listener);
  }

  /** Waits for messages with seq > after. \`arrived\` resolves with those that came in one batch (a write's
   * messages arrive together) when they follow \`after\` without a gap, so the caller need not read them
   * again; true when it must read (erased meanwhile, or a gap); false after \`ms\` or once \`stop()\` is
   * called (the caller went away). Listen before reading what is already there: a message stored between
   * the two is seen by one or the other. (A plain stop function, not an AbortSignal: one per long-poll
   * cost 2 % of the hub's CPU under load.) */
  waitFor(conversationId: string, after: number, ms: number): { arrived: Promise<StoredMessage[] | boolean>; stop: () => void } {
    let finish: (value: StoredMessage[] | boolean) => void = () => {};
    const arrived = new Promise<StoredMessage[] | boolean>((resolve) => {
      const batch: StoredMessage[] = [];
      let gap = false;
      let ending = false;
      const offMessage = this.on(conversationId, (m) => {
        if (m.seq <= after) return;
        if (m.seq === after + 1 + batch.length) batch.push(m);
        else gap = true;
        if (!ending) {
          ending = true;
          setImmediate(() => finish(gap || batch));
        }
      });
      // Erased meanwhile: wake up, the caller finds the conversation gone.
      const offErased = this.onErased(conversationId, () => finish(true));
      const timer = setTimeout(() => finish(false), ms);
      let settled = false;
      finish = (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        offMessage();
        offErased();
        resolve(value);
      };
    });
    return { arrived, stop: () => finish(false) };
  }

  async stop(): Promise<void> {
    this.emitter.removeAllListeners();
    this.kept.clear();
    this.subscriber.disconnect(); // not quit(): a subscriber reconnecting to a failed primary would never answer it
  }
}
