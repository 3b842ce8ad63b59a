/** The WhatsApp channel over whatsapp-web.js: a linked device driven in Chromium, reconnecting on its own. */
import type { Channel, ChannelAddress, HubPort, SendResult } from '../../src/core/channel.js';
import { ChannelSendError } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { HubLink } from '../shared/inbound-event.js';
import { errorName, silentLog, type ChannelLog } from '../shared/log.js';
import { printQr, realClientFactory, type WhatsappWebClient, type WhatsappWebClientFactory } from './client.js';
import { whatsappWebEvent, type WebMessage } from './inbound.js';
import { renderWhatsappWeb, WHATSAPP_WEB_MAX_TEXT } from './outbound.js';

const CHANNEL = 'whatsapp';

/** Where the session lives and how to reconnect. */
export interface WhatsappWebOptions {
  /** DATA_DIR: the session is kept in DATA_DIR/whatsapp-web. */
  dataDir: string;
  /** Chromium executable (WHATSAPP_WEB_CHROMIUM), default /usr/bin/chromium. */
  chromiumPath?: string;
  /** Replaces the real Client (tests). */
  createClient?: WhatsappWebClientFactory;
  /** Shows the login QR code (default: the terminal). */
  showQr?: (qr: string) => void | Promise<void>;
  /** Back-off between reconnection attempts: first and largest delay, in ms (default 2 s, 5 min). */
  reconnect?: { firstMs: number; maxMs: number };
  log?: ChannelLog;
}

/** Builds the whatsapp-web.js channel. */
export function createWhatsappWebChannel(options: WhatsappWebOptions): Channel {
  return new WhatsappWebChannel(options);
}

class WhatsappWebChannel implements Channel {
  readonly id = CHANNEL;
  // No buttons on linked devices: choices are numbered. A slow pace keeps the number clear of spam limits.
  readonly capabilities = { buttons: 0, lists: 0, maxText: WHATSAPP_WEB_MAX_TEXT, ratePerSecond: 5 };
  private readonly hub = new HubLink(CHANNEL);
  private readonly log: ChannelLog;
  private readonly createClient: WhatsappWebClientFactory;
  private client?: WhatsappWebClient;
  private ready = false;
  private stopped = false;
  private failures = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly o: WhatsappWebOptions) {
    this.log = o.log ?? silentLog;
    this.createClient = o.createClient ?? realClientFactory({ dataDir: o.dataDir, chromiumPath: o.chromiumPath });
  }

  async start(hub: HubPort): Promise<void> {
    this.hub.attach(hub);
    // Not awaited: linking may wait for a QR scan, and the rest of the hub must not wait for it.
    void this.connect();
  }

  async send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
    const client = this.client;
    if (!client || !this.ready) throw new ChannelSendError(CHANNEL, true, 'WhatsApp Web is not connected');
    let externalId: string | undefined;
    for (const text of renderWhatsappWeb(message)) {
      try {
        const sent = (await client.sendMessage(address.chatId, text)) as { id?: { _serialized?: string } } | undefined;
        externalId = sent?.id?._serialized ?? externalId;
      } catch (err) {
        // The page or the phone is away for a moment: worth trying again.
        throw new ChannelSendError(CHANNEL, true, `send failed (${errorName(err)})`);
      }
    }
    return { externalId };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ready = false;
    const client = this.client;
    this.client = undefined;
    await client?.destroy().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let client: WhatsappWebClient;
    try {
      client = await this.createClient();
    } catch (err) {
      return this.retry(`client could not be created (${errorName(err)})`);
    }
    this.client = client;
    client.on('qr', (qr) => void Promise.resolve((this.o.showQr ?? printQr)(qr)).catch(() => {}));
    client.on('ready', () => {
      this.ready = true;
      this.failures = 0;
      this.log.info('whatsapp-web ready', { channel: CHANNEL });
    });
    client.on('message', (message) => void this.onMessage(message as WebMessage));
    client.on('auth_failure', () => this.log.warn('whatsapp-web authentication failed: remove the session folder and link again', { channel: CHANNEL }));
    client.on('disconnected', (reason) => {
      if (this.client !== client) return;
      this.ready = false;
      void client.destroy().catch(() => {});
      this.retry(`disconnected (${typeof reason === 'string' ? reason : 'unknown'})`);
    });
    try {
      await client.initialize();
    } catch (err) {
      if (this.client !== client) return;
      void client.destroy().catch(() => {});
      this.retry(`could not start (${errorName(err)})`);
    }
  }

  private retry(why: string): void {
    this.ready = false;
    this.client = undefined;
    if (this.stopped) return;
    const { firstMs, maxMs } = this.o.reconnect ?? { firstMs: 2000, maxMs: 5 * 60_000 };
    const delay = Math.min(maxMs, firstMs * 2 ** this.failures);
    this.failures += 1;
    this.log.warn(`whatsapp-web ${why}; reconnecting`, { channel: CHANNEL, inMs: delay });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private async onMessage(message: WebMessage): Promise<void> {
    const event = whatsappWebEvent(message);
    if (!event) return;
    try {
      await this.hub.receive(event);
    } catch (err) {
      // The phone does not redeliver: say that a message was lost (never what it said).
      this.log.warn('whatsapp-web message not stored', { channel: CHANNEL, error: errorName(err) });
    }
  }
}
