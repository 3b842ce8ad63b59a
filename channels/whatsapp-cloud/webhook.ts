/** The WhatsApp Cloud API webhook: GET handshake and signed POSTs at /webhooks/whatsapp. */
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';
import { ACCEPTED, normalised, answerVerification, readSignedJson } from '../shared/meta-webhook.js';
import type { PlatformEvent } from '../shared/inbound-event.js';
import { whatsappCloudEvents } from './inbound.js';

/** Where Meta calls (api-contract.md). */
export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

/** The secrets the webhook checks. */
export interface WhatsappWebhookSecrets {
  appSecret: string;
  verifyToken: string;
  phoneNumberId?: string;
}

/** The GET handler: Meta's subscription handshake. */
export function whatsappVerification(secrets: WhatsappWebhookSecrets): (req: WebhookRequest) => Promise<WebhookResponse> {
  return async (req) => answerVerification(req, secrets.verifyToken);
}

/** The POST handler: verifies, normalises, stores each event through `accept`, then acknowledges. */
export function whatsappNotifications(
  secrets: WhatsappWebhookSecrets,
  accept: (event: PlatformEvent) => Promise<unknown>,
): (req: WebhookRequest) => Promise<WebhookResponse> {
  return async (req) => {
    const read = readSignedJson(req, secrets.appSecret);
    if ('reject' in read) return read.reject;
    const events = normalised(() => whatsappCloudEvents(read.body, secrets.phoneNumberId));
    if ('reject' in events) return events.reject;
    // A failure to store answers 500, so Meta redelivers; events already stored are then dropped as replays.
    for (const event of events.list) await accept(event);
    return ACCEPTED;
  };
}
