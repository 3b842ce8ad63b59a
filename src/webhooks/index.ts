/** Outgoing webhooks (OUTGOING_WEBHOOKS): hub events, signed, for a unit's own tools. */
export { MAX_ATTEMPTS, OutgoingWebhooks, type OutgoingWebhooksOptions } from './outgoing.js';
export { signature, toEnvelope, verifyWebhook, WEBHOOK_EVENTS, type EventEnvelope, type WebhookEnvelope, type WebhookEvent } from './payload.js';
export { followHubEvents } from './follow-events.js';
