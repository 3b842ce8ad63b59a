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
  /** How long after the citizen's last message the platform still accepts replies (Meta: 24 h). */
  replyWindowMs?: number;
}

/** An HTTP request as a webhook sees it: the raw body is kept for signature checks. */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
  /** The peer of the connection itself (never a forwarded header): for checks that must not be fooled. */
  remoteAddress: string;
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

/** Who sent a message, as far as the channel knows. */
export interface Sender {
  /** The platform's user id (push channels): the hub finds or opens this user's conversation.
   * It is never stored in clear, only as a keyed hash. */
  platformUserId?: string;
  /** Where to send replies (push channels); stored with the conversation. */
  address?: ChannelAddress;
  /** The platform's locale hint (e.g. Telegram's language_code); triage may override it. */
  locale?: string;
  /** A conversation the caller already holds (web chat and API). */
  conversationId?: string;
  /** With `conversationId`, when the channel has not checked it yet: the citizen's token, checked as the
   * conversation is read (no round trip of its own); a wrong one is the same `not_found` as an unknown id. */
  token?: string;
}

/** One citizen message entering the hub. */
export interface ReceiveInput {
  channel: ChannelId;
  sender: Sender;
  message: InboundMessage;
}

/** What `hub.receive` did with a message. Expected outcomes are values, not errors. */
export type ReceiveResult =
  /** Stored (and so answered in time); `token` is set when this message opened the conversation;
   * `repeated` when it was stored before, under the same idempotency key (nothing was done now). */
  | { status: 'stored'; conversationId: string; seq: number; token?: string; repeated?: true }
  /** A replay of a platform message already stored: nothing was done. */
  | { status: 'duplicate' }
  /** Longer than the hub takes: the citizen was told, nothing else was stored. */
  | { status: 'too_long'; conversationId: string; max: number }
  /** The erase command (quick exit): the sender's conversation is gone, one confirmation line was sent. */
  | { status: 'erased' };

/** The hub as a channel sees it: one verb. */
export interface HubPort {
  /** Resolves the conversation (opening it, with its one welcome, when needed), drops replays,
   * stores the message, warns at once when it tells of a danger, and schedules the bot's turn.
   * Throws HubError `not_found` / `closed` only for a `conversationId` the caller gave. */
  receive(input: ReceiveInput): Promise<ReceiveResult>;
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

/** A channel: a push channel (Telegram, WhatsApp, Messenger, Bot Framework) sends each reply; a pull
 * channel (web chat, API) has no `send`: its citizen reads the transcript. */
export interface Channel {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** Mounts the channel's webhooks, if it has any (called before `start`). */
  routes?(http: WebhookRegistrar): void;
  start(hub: HubPort): Promise<void>;
  send?(address: ChannelAddress, message: OutboundMessage): Promise<SendResult>;
  stop(): Promise<void>;
}
