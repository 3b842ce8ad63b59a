/** The console's pub/sub over Redis: hand-off signals and typing, heard by every hub process.
 * Typing rides its own channel and is never stored. */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { HandoffSignal, TypingSignal } from '../handoff/signals.js';

/** One subscriber connection per process; listeners are local. */
export class ConsoleBus {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    this.emitter.setMaxListeners(0);
  }

  private get signalChannel(): string {
    return `${this.prefix}:console`;
  }

  private get typingChannel(): string {
    return `${this.prefix}:typing`;
  }

  /** Subscribes; resolves once Redis confirmed. */
  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, payload: string) => {
      try {
        if (channel === this.signalChannel) this.emitter.emit('signal', JSON.parse(payload) as HandoffSignal);
        else if (channel === this.typingChannel) {
          const typing = JSON.parse(payload) as TypingSignal;
          this.emitter.emit(`typing:${typing.c}`, typing);
        }
      } catch {
        // Not ours to crash on: a malformed frame only loses one live update.
      }
    });
    await this.subscriber.subscribe(this.signalChannel, this.typingChannel);
  }

  /** Sends a signal to every process (this one included). */
  publish(signal: HandoffSignal): void {
    void this.publisher.publish(this.signalChannel, JSON.stringify(signal)).catch(() => {});
  }

  /** Calls `listener` for every signal; returns the unsubscribe function. */
  onSignal(listener: (signal: HandoffSignal) => void): () => void {
    this.emitter.on('signal', listener);
    return () => this.emitter.off('signal', listener);
  }

  /** Says that someone is typing in a conversation. */
  typing(conversationId: string, from: TypingSignal['from']): void {
    void this.publisher.publish(this.typingChannel, JSON.stringify({ c: conversationId, from })).catch(() => {});
  }

  /** Calls `listener` when `from` types in this conversation; returns the unsubscribe function. */
  onTyping(conversationId: string, from: TypingSignal['from'], listener: () => void): () => void {
    const handler = (t: TypingSignal): void => {
      if (t.from === from) listener();
    };
    this.emitter.on(`typing:${conversationId}`, handler);
    return () => this.emitter.off(`typing:${conversationId}`, handler);
  }

  async stop(): Promise<void> {
    this.emitter.removeAllListeners();
    this.subscriber.disconnect(); // not quit(): a subscriber reconnecting to a failed primary would never answer it
  }
}
