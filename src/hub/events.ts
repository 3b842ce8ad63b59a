/** The hub's side effects as typed events: the core says what happened, listeners (the hand-off, the
 * console, statistics) react. Listeners are wired once, in the composition root (app.ts). */
import type { Conversation } from '../conversations/index.js';
import type { Logger } from '../log.js';

/** Every event and what it carries (ids and states, never a transcript). */
export interface HubEventMap {
  /** A conversation entered the agents' queue, or was raised to urgent while in it; `afterHours`:
   * outside the hours of flows/service.yaml (the citizen was told when agents are back). */
  handed_off: { conversation: Conversation; urgent: boolean; raised: boolean; afterHours?: boolean };
  /** A conversation an agent holds became urgent (danger now): no hand-off (the agent has it), but
   * followers of urgent conversations (outgoing webhooks) are told. A waiting one raised is `handed_off` with `raised`. */
  raised_urgent: { conversation: Conversation };
  /** A conversation was closed (by its agent, its citizen or a sweep); `conversation` is its state just before. */
  closed: { conversation: Conversation; by: 'agent' | 'citizen' | 'system' };
  /** The citizen erased the conversation (quick exit); `conversation` is its state just before, already gone from Redis. */
  erased: { conversation: Conversation };
  /** A reply could not be delivered on a push channel and was given up (recorded in the transcript). */
  undeliverable: { conversationId: string; seq: number; reason: string };
}

export type HubEventName = keyof HubEventMap;
type Listener<K extends HubEventName> = (payload: HubEventMap[K]) => Promise<void> | void;

/** A small typed emitter whose `emit` waits for every listener; a failing listener is logged, not thrown. */
export class HubEvents {
  private readonly listeners = new Map<HubEventName, Listener<HubEventName>[]>();

  constructor(private readonly log: Logger) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends HubEventName>(name: K, listener: Listener<K>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<HubEventName>);
    this.listeners.set(name, list);
    return () =>
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((l) => l !== listener),
      );
  }

  /** Runs the listeners in the order they subscribed. */
  async emit<K extends HubEventName>(name: K, payload: HubEventMap[K]): Promise<void> {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        await listener(payload);
      } catch (err) {
        this.log.warn('event listener failed', { event: name, error: (err as Error).message });
      }
    }
  }
}
