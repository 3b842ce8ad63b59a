/** The core's public surface: message types, the channel port, the triage port. No I/O. */
export type { ChannelId, InboundMessage, OutboundMessage, StoredMessage, StoredTriage, Choice, Link, Author } from './messages.js';
export { citizenView } from './messages.js';
export type {
  Channel,
  ChannelCapabilities,
  ChannelAddress,
  HubPort,
  ReceiveInput,
  ReceiveResult,
  Sender,
  SendResult,
  WebhookRegistrar,
  WebhookRequest,
  WebhookResponse,
} from './channel.js';
export { ChannelSendError } from './channel.js';
export type { IntentId, Triage, TriageResult } from './triage.js';
export { INTENT_IDS, SUPPORTED_LOCALES, isIntentId } from './triage.js';
export { HubError, type HubErrorCode } from './errors.js';
export { systemClock, isoNow, type Clock, type TimerHandle } from './clock.js';
