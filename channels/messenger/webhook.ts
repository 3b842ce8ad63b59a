/** The Messenger webhook: GET handshake and signed POSTs at /webhooks/messenger. */
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';
import { ACCEPTED, normalised, answerVerification, readSignedJson } from '../shared/meta-webhook.js';
import type { PlatformEvent } from '../shared/inbound-event.js';
import { messengerEvents } from './inbound.js';

/** Where Meta calls (api-contract.md). */
export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';

/** The GET handler: Meta's subscription handshake. */
export function messengerVerification(verifyToken: string): (req: WebhookRequest) => Promise<WebhookResponse> {
  return async (req) => answerVerification(req, verifyToken);
}

/** The POST handler: verifies, normalises, stores each event through `accept`, then acknowledges. */
export function messengerNotifications(
  appSecret: string,
  accept: (event: PlatformEvent) => Promise<unknown>,
): (req: WebhookRequest) => Promise<WebhookResponse> {
  return async (req) => {
    const read = readSignedJson(req, appSecret);
    if ('reject' in read) return read.reject;
    const events = normalised(() => messengerEvents(read.body));
    if ('reject' in events) return events.reject;
    // A failure to store answers 500 and Meta redelivers; the events already stored are dropped as replays.
    for (const event of events.list) await accept(event);
    return ACCEPTED;
  };
}
