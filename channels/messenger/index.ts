/** The Messenger channel: signed page webhooks in, Send API POSTs out. */
import type { Channel, ChannelAddress, HubPort, SendResult, WebhookRegistrar } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { postGraph } from '../shared/graph-api.js';
import { HubLink } from '../shared/inbound-event.js';
import { MESSENGER_LIMITS, renderMessenger } from './outbound.js';
import { MESSENGER_WEBHOOK_PATH, messengerNotifications, messengerVerification } from './webhook.js';

const CHANNEL = 'messenger';

/** The page's credentials and the Graph endpoint. */
export interface MessengerOptions {
  pageToken: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API root, default https://graph.facebook.com (a test fake in tests). */
  apiRoot?: string;
  /** Graph API version, default v21.0. */
  apiVersion?: string;
}

/** Builds the Messenger channel. */
export function createMessengerChannel(options: MessengerOptions): Channel {
  return new MessengerChannel(options);
}

class MessengerChannel implements Channel {
  readonly id = CHANNEL;
  readonly capabilities = { buttons: MESSENGER_LIMITS.quickReplies, lists: 0, maxText: MESSENGER_LIMITS.text, ratePerSecond: 20 };
  private readonly hub = new HubLink(CHANNEL);
  private readonly url: string;

  constructor(private readonly o: MessengerOptions) {
    const root = (o.apiRoot ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.url = `${root}/${o.apiVersion ?? 'v21.0'}/me/messages`;
  }

  routes(http: WebhookRegistrar): void {
    http.get(MESSENGER_WEBHOOK_PATH, messengerVerification(this.o.verifyToken));
    http.post(
      MESSENGER_WEBHOOK_PATH,
      messengerNotifications(this.o.appSecret, (event) => this.hub.receive(event)),
    );
  }

  async start(hub: HubPort): Promise<void> {
    this.hub.attach(hub);
  }

  async send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
    let externalId: string | undefined;
    for (const body of renderMessenger(address.psid, message)) {
      const answer = await postGraph({ channel: CHANNEL, url: this.url, token: this.o.pageToken, body });
      externalId = typeof answer.message_id === 'string' ? answer.message_id : externalId;
    }
    return { externalId };
  }

  async stop(): Promise<void> {}
}
