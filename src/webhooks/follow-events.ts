/** Which hub events become outgoing webhooks: a new hand-off (`handed_off`), a conversation becoming
 * "danger now" (`urgent`: an urgent hand-off, a waiting one raised, or one an agent holds), and `closed`. */
import { isoNow, type Clock } from '../core/clock.js';
import type { Conversation } from '../conversations/types.js';
import type { HubEvents } from '../hub/events.js';
import type { OutgoingWebhooks } from './outgoing.js';
import { toEnvelope, type WebhookEvent } from './payload.js';

/** What the envelope needs to know beyond the conversation. */
export interface FollowOptions {
  events: HubEvents;
  webhooks: OutgoingWebhooks;
  clock: Clock;
  /** The skills the conversation needs (knowledge/routing.yaml). */
  skillsOf: (conv: Conversation) => string[];
  /** The service is closed now (flows/service.yaml): a hand-off waits for agents to be back. */
  closedNow: () => boolean;
}

/** Subscribes; returns the function that unsubscribes. */
export function followHubEvents(o: FollowOptions): () => void {
  const send = (event: WebhookEvent, conv: Conversation, extra: { afterHours?: boolean; closedBy?: 'agent' | 'citizen' | 'system' } = {}) => {
    const envelope = toEnvelope({
      event,
      at: isoNow(o.clock),
      conv,
      skills: o.skillsOf(conv),
      afterHours: extra.afterHours ?? o.closedNow(),
      closedBy: extra.closedBy,
    });
    return o.webhooks.enqueue(envelope);
  };
  const offs = [
    o.events.on('handed_off', async ({ conversation, urgent, raised, afterHours }) => {
      if (!raised) await send('handed_off', conversation, { afterHours: afterHours === true });
      if (urgent) await send('urgent', { ...conversation, urgent: true }, raised ? {} : { afterHours: afterHours === true });
    }),
    // Held by an agent when it became urgent: no new hand-off, but a unit following urgent ones wants it.
    o.events.on('raised_urgent', ({ conversation }) => send('urgent', conversation)),
    o.events.on('closed', ({ conversation, by }) => send('closed', conversation, { closedBy: by })),
    // A quick exit: what has not left yet about it never will.
    o.events.on('erased', async ({ conversation }) => void (await o.webhooks.forget(conversation.id))),
  ];
  return () => {
    for (const off of offs) off();
  };
}
