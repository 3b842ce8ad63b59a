/** Hands normalised platform events to the hub: one path for every channel's webhooks and pollers. */
import type { ChannelId } from '../../src/core/messages.js';
import type { HubPort } from '../../src/core/channel.js';
import type { PlatformEvent } from './inbound-event.js';

/** What happened to an event. */
export type GatewayResult = 'stored' | 'duplicate';

/** Per-channel entry into the hub, keeping one user's events in order. */
export class HubGateway {
  private hub?: HubPort;
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly channel: ChannelId) {}

  /** Connects the gateway once the hub starts the channel. */
  attach(hub: HubPort): void {
    this.hub = hub;
  }

  /** Stores an event (its conversation opened if needed); resolves when the hub has it. */
  accept(event: PlatformEvent): Promise<GatewayResult> {
    // Events of one user are handled one after the other so the transcript keeps their order.
    const key = event.platformUserId;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.store(event));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    }).catch(() => {});
    return next;
  }

  private async store(event: PlatformEvent, retried = false): Promise<GatewayResult> {
    if (!this.hub) throw new Error(`${this.channel}: not started`);
    const { platformMessageId } = event.message;
    // A replay of an old message must not open a new conversation (the old one may be closed by now).
    if (platformMessageId && (await this.hub.alreadySeen(this.channel, platformMessageId))) return 'duplicate';
    const { conversationId } = await this.hub.openConversation({
      channel: this.channel, platformUserId: event.platformUserId, address: event.address, locale: event.locale,
    });
    try {
      const result = await this.hub.receive({ ...event.message, conversationId, channel: this.channel });
      return result.duplicate ? 'duplicate' : 'stored';
    } catch (err) {
      const code = (err as { code?: string }).code;
      // Too long: the hub already told the citizen; the platform must not redeliver.
      if (code === 'too_long') return 'stored';
      // Closed between open and receive (the survey was just answered): open a new one, once.
      if (code === 'closed' && !retried) return this.store(event, true);
      throw err;
    }
  }

}
