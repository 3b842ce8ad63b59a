/** Fans out "message appended" events from Redis pub/sub to listeners in this process,
 * so a long-poll or a socket served here sees messages written by any hub process. */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { StoredMessage } from '../core/messages.js';

export type MessageListener = (message: StoredMessage) => void;

/** The emitter event for "a citizen message was stored in some conversation" (not a uuid, so no clash). */
const CITIZEN = 'citizen-message';

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
      try {
        const { c, m, erased } = JSON.parse(payload) as { c: string; m?: StoredMessage; erased?: true };
        if (erased) return void this.emitter.emit(`${ERASED}${c}`);
        if (!m) return;
        this.emitter.emit(c, m);
        if (m.from === 'citizen') this.emitter.emit(CITIZEN, c);
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

  /** Calls `listener` whenever a citizen message is stored, by any process (the bot owes a turn). */
  onCitizenMessage(listener: (conversationId: string) => void): () => void {
    this.emitter.on(CITIZEN, listener);
    return () => this.emitter.off(CITIZEN, listener);
  }

  /** Resolves when a message with seq > after arrives or the conversation is erased (true), after `ms`
   * or on abort (false). */
  waitFor(conversationId: string, after: number, ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const offMessage = this.on(conversationId, (m) => {
        if (m.seq > after) done(true);
      });
      // Erased meanwhile: wake up, the caller finds the conversation gone.
      const offErased = this.onErased(conversationId, () => done(true));
      const off = (): void => {
        offMessage();
        offErased();
      };
      const timer = setTimeout(() => done(false), ms);
      const onAbort = (): void => done(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      function done(value: boolean): void {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      }
    });
  }

  async stop(): Promise<void> {
    this.emitter.removeAllListeners();
    this.subscriber.disconnect(); // not quit(): a subscriber reconnecting to a failed primary would never answer it
  }
}
