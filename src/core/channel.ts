/** The port between the hub and a channel: a channel turns platform events into InboundMessages
 * for `hub.receive` and renders OutboundMessages on its platform through `send`. */
import type { ChannelId, InboundMessage, OutboundMessage } from './messages.js';

/** What a platform can show; the hub and channels adapt to it as data, never by channel name. */
export interface ChannelCapabilities {
  /** Largest number of tappable buttons in one message (0 = none: numbered list instead). */
  buttons: number;
  /** Largest list of choices in one message (WhatsApp list messages); 0 when not supported. */
  lists: number;
  /** Longest text the platform accepts in one message. */
  maxText: number;
  /** Most messages per second the hub may send through this channel (the platform's limit). */
  ratePerSecond?: number;
}

/** An HTTP request as a webhook sees it: the raw body is kept for signature checks. */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** What a webhook answers. */
export interface WebhookResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Lets a channel mount webhook routes without knowing the HTTP framework. */
export interface WebhookRegistrar {
  get(path: string, handler: (req: WebhookRequest) => Promise<WebhookResponse>): void;
  post(path: string, handler: (req: WebhookRequest) => Promise<WebhookResponse>): void;
}

/** Where to reach a citizen on a push channel (opaque to the hub, stored with the conversation). */
export type ChannelAddress = Record<string, string>;

/** The hub as a channel sees it. */
export interface HubPort {
  /** Accepts a citizen message; resolves once it is stored (the bot's work follows).
   * A `start` on a conversation that has only its welcome so far adds nothing (no second welcome). */
  receive(message: InboundMessage): Promise<{ seq: number; duplicate: boolean }>;
  /** True when this platform message id was already accepted (check before opening a conversation). */
  alreadySeen(channel: ChannelId, platformMessageId: string): Promise<boolean>;
  /** Finds or opens the conversation for a platform user; the user id is only stored as a keyed hash. */
  openConversation(input: {
    channel: ChannelId;
    platformUserId: string;
    address: ChannelAddress;
    locale?: string;
  }): Promise<{ conversationId: string; created: boolean }>;
}

/** A channel's send result. */
export interface SendResult {
  externalId?: string;
}

/** Raised by a channel's send; the hub retries only when `retryable`. */
export class ChannelSendError extends Error {
  constructor(
    readonly channel: ChannelId,
    readonly retryable: boolean,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${channel}: ${message}`);
    this.name = 'ChannelSendError';
  }
}

/** A push channel (Telegram, WhatsApp, Messenger, Bot Framework). Pull channels (web, API) need none. */
export interface Channel {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** Mounts the channel's webhooks, if it has any (called before `start`). */
  routes?(http: WebhookRegistrar): void;
  start(hub: HubPort): Promise<void>;
  send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult>;
  stop(): Promise<void>;
}
