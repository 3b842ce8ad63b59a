/** The WhatsApp channel over Meta's official Cloud API: signed webhooks in, Graph API POSTs out. */
import type { Channel, ChannelAddress, HubPort, SendResult, WebhookRegistrar } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { postGraph } from '../shared/graph-api.js';
import { HubLink } from '../shared/inbound-event.js';
import { renderWhatsappCloud, WHATSAPP_LIMITS } from './outbound.js';
import { WHATSAPP_WEBHOOK_PATH, whatsappNotifications, whatsappVerification } from './webhook.js';

const CHANNEL = 'whatsapp';

/** The Cloud API credentials and endpoint. */
export interface WhatsappCloudOptions {
  token: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API root, default https://graph.facebook.com (a test fake in tests). */
  apiRoot?: string;
  /** Graph API version, default v21.0. */
  apiVersion?: string;
}

/** Builds the WhatsApp Cloud API channel. */
export function createWhatsappCloudChannel(options: WhatsappCloudOptions): Channel {
  return new WhatsappCloudChannel(options);
}

class WhatsappCloudChannel implements Channel {
  readonly id = CHANNEL;
  // Cloud API throughput starts at 80 messages a second per number; staying well under it is kind to citizens too.
  readonly capabilities = { buttons: WHATSAPP_LIMITS.buttons, lists: WHATSAPP_LIMITS.rows, maxText: WHATSAPP_LIMITS.text, ratePerSecond: 20 };
  private readonly hub = new HubLink(CHANNEL);
  private readonly url: string;

  constructor(private readonly o: WhatsappCloudOptions) {
    const root = (o.apiRoot ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.url = `${root}/${o.apiVersion ?? 'v21.0'}/${encodeURIComponent(o.phoneNumberId)}/messages`;
  }

  routes(http: WebhookRegistrar): void {
    const secrets = { appSecret: this.o.appSecret, verifyToken: this.o.verifyToken, phoneNumberId: this.o.phoneNumberId };
    http.get(WHATSAPP_WEBHOOK_PATH, whatsappVerification(secrets));
    http.post(
      WHATSAPP_WEBHOOK_PATH,
      whatsappNotifications(secrets, (event) => this.hub.receive(event)),
    );
  }

  async start(hub: HubPort): Promise<void> {
    this.hub.attach(hub);
  }

  async send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
    let externalId: string | undefined;
    for (const body of renderWhatsappCloud(address.to, message)) {
      const answer = await postGraph({ channel: CHANNEL, url: this.url, token: this.o.token, body });
      externalId = (answer.messages as { id?: string }[] | undefined)?.[0]?.id ?? externalId;
    }
    return { externalId };
  }

  async stop(): Promise<void> {}
}
