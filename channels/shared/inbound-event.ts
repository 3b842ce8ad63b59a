/** A platform event once normalised by a channel's inbound.ts, and how it enters the hub. */
import type { ChannelAddress, HubPort, ReceiveResult } from '../../src/core/channel.js';
import type { ChannelId, InboundMessage } from '../../src/core/messages.js';

/** What a channel learns from one platform event. */
export interface PlatformEvent {
  /** The platform's user id: the hub finds this user's conversation with it (stored as a keyed hash only). */
  platformUserId: string;
  /** The least the channel needs to reply. */
  address: ChannelAddress;
  locale?: string;
  message: InboundMessage;
}

/** The hub a channel was started with; `receive` hands it one platform event. */
export class HubLink {
  private hub?: HubPort;

  constructor(private readonly channel: ChannelId) {}

  /** Called from the channel's `start`. */
  attach(hub: HubPort): void {
    this.hub = hub;
  }

  /** One event into the hub (`hub.receive`): resolves once it is stored, or known as a replay. */
  receive(event: PlatformEvent): Promise<ReceiveResult> {
    if (!this.hub) return Promise.reject(new Error(`${this.channel}: not started`));
    const { platformUserId, address, locale, message } = event;
    return this.hub.receive({ channel: this.channel, sender: { platformUserId, address, locale }, message });
  }
}
