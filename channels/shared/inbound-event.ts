/** A platform event once normalised by a channel's inbound.ts, before the hub knows its conversation. */
import type { ChannelAddress } from '../../src/core/channel.js';
import type { InboundMessage } from '../../src/core/messages.js';

type WithoutRouting<T> = T extends unknown ? Omit<T, 'conversationId' | 'channel'> : never;

/** An InboundMessage without the conversation (resolved by the hub) and channel (added by the channel). */
export type InboundDraft = WithoutRouting<InboundMessage>;

/** What a channel learns from one platform event. */
export interface PlatformEvent {
  /** The platform's user id: handed to `hub.openConversation` only (stored as a keyed hash). */
  platformUserId: string;
  /** The least the channel needs to reply. */
  address: ChannelAddress;
  locale?: string;
  message: InboundDraft;
}
