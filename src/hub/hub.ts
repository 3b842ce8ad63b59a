/** The hub: every citizen message from every channel enters through `receive` (receive.ts); the
 * bot's turns run on whichever process leases them (turn-worker.ts); replies leave through the
 * outbox and, on push channels, the ordered delivery (delivery.ts). What else happens is an event
 * (`events`) that the hand-off and the console subscribe to in the composition root (app.ts). */
import type { Channel, HubPort, ReceiveInput, ReceiveResult, WebhookRegistrar } from '../core/channel.js';
import type { Delivery } from './delivery.js';
import type { HubEvents } from './events.js';
import { Receiver, type ReceiverOptions } from './receive.js';
import type { TurnWorker } from './turn-worker.js';

/** What the hub is made of (built by app.ts). */
export interface HubOptions extends Omit<ReceiverOptions, 'turns' | 'sendOnce'> {
  events: HubEvents;
  delivery: Delivery;
  turns: TurnWorker;
}

/** The channel-agnostic core. */
export class Hub implements HubPort {
  private readonly receiver: Receiver;
  private readonly channels = new Map<string, Channel>();
  /** Side effects to subscribe to. */
  readonly events: HubEvents;

  constructor(private readonly o: HubOptions) {
    this.events = o.events;
    this.receiver = new Receiver({ ...o, turns: o.turns, sendOnce: (channel, address, message) => o.delivery.sendOnce(channel, address, message) });
  }

  /** Starts this process's share of the bot's turns. */
  start(): void {
    this.o.turns.start();
  }

  /** HubPort: one citizen message in. */
  receive(input: ReceiveInput): Promise<ReceiveResult> {
    return this.receiver.receive(input);
  }

  /** Adds a channel: its webhooks are mounted, and a push channel's replies go out through this process. */
  async addChannel(channel: Channel, http?: WebhookRegistrar): Promise<void> {
    this.channels.set(channel.id, channel);
    if (http) channel.routes?.(http);
    this.o.delivery.serve(channel);
    await channel.start(this);
  }

  /** Stops the channels and the turns (running ones finish). */
  async stop(): Promise<void> {
    for (const channel of this.channels.values()) await channel.stop().catch(() => {});
    this.o.delivery.stop();
    await this.o.turns.stop();
  }
}
