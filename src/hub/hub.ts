/** The hub: every citizen message from every channel enters through `receive` (receive.ts); the
 * bot's turns run on whichever process leases them (turn-worker.ts); replies leave through the
 * outbox and, on push channels, the ordered delivery (delivery.ts). What else happens is an event
 * (`events`) that the hand-off and the console subscribe to in the composition root (app.ts). */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Channel, HubPort, ReceiveInput, ReceiveResult, WebhookRegistrar } from '../core/channel.js';
import type { Delivery } from './delivery.js';
import type { HubEvents } from './events.js';
import { Receiver, type ReceiverOptions } from './receive.js';
import type { TurnWorker } from './turn-worker.js';

/** What the hub is made of (built by app.ts). */
export interface HubOptions extends Omit<ReceiverOptions, 'hashKey' | 'owed'> {
  redis: Redis;
  events: HubEvents;
  delivery: Delivery;
  turns: TurnWorker;
  /** Key of the keyed hashes of platform ids; read from Redis (made once) when not given. */
  hashSecret?: string;
  /** Publishes "a turn is owed" to every process (this one included). */
  wakeAll: () => void;
}

/** The channel-agnostic core. */
export class Hub implements HubPort {
  private readonly receiver: Receiver;
  private readonly channels = new Map<string, Channel>();
  private hashKey?: string;
  /** Side effects to subscribe to. */
  readonly events: HubEvents;

  constructor(private readonly o: HubOptions) {
    this.events = o.events;
    this.hashKey = o.hashSecret;
    this.receiver = new Receiver({ ...o, hashKey: () => this.hashKey ?? '', owed: () => o.wakeAll() });
  }

  /** Starts this process's share of the bot's turns. */
  async start(): Promise<void> {
    this.hashKey ??= await this.sharedHashKey();
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

  private async sharedHashKey(): Promise<string> {
    const key = `${this.o.prefix}:hash-secret`;
    await this.o.redis.set(key, randomBytes(32).toString('hex'), 'NX');
    return (await this.o.redis.get(key))!;
  }
}
