/** Fans out "message appended" events from Redis pub/sub to listeners in this process,
 * so a long-poll or a socket served here sees messages written by any hub process. */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { StoredMessage } from '../core/messages.js';

export type MessageListener = (message: StoredMessage) => void;

/** The conversation an event is about, read without parsing it: the store writes `{"c":"<id>",…` first
 * (scripts.ts WRITE, store.ts erase). */
const CONVERSATION_OF = /^\{"c":"([^"\\]*)"/;

/** The emitter event prefix for "this conversation was erased" (a quick exit; see ConversationStore.erase). */
const ERASED = 'erased:';

/** One subscriber connection per process, one emitter event per conversation. */
export class ConversationEvents {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening; resolves once subscribed. */
  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, payload: string) => {
      // Every process gets every conversation's messages; one nobody here listens to is not even parsed.
      const id = CONVERSATION_OF.exec(payload)?.[1];
      if (id !== undefined && !this.emitter.listenerCount(id) && !this.emitter.listenerCount(`${ERASED}${id}`)) return;
      try {
        const { c, m, erased } = JSON.parse(payload) as { c: string; m?: StoredMessage; erased?: true };
        if (erased) return void this.emitter.emit(`${ERASED}${c}`);
        if (m) this.emitter.emit(c, m);
      } catch {
        // A malformed event is not ours to crash on; the transcript in Redis stays the truth.
      }
    });
    await this.subscriber.subscribe(this.channel);
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
    this.subscriber.disconnect(); // not quit(): a subscriber reconnecting to a failed primary would never answer it
  }
}
