/** The Bot Framework channel (Teams, Web Chat, Emulator...): botbuilder's CloudAdapter at /api/messages. */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Channel, ChannelAddress, HubPort, SendResult, WebhookRegistrar } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import type { ChannelSendError } from '../../src/core/channel.js';
import { HubLink } from '../shared/inbound-event.js';
import { networkError, retryAfterMs, statusError } from '../shared/http-errors.js';
import { botFrameworkEvent } from './inbound.js';
import { BOTFRAMEWORK_LIMITS, referenceFor, renderBotFramework } from './outbound.js';
import { adapterExchange, BOTFRAMEWORK_PATH, isLoopbackAddress, isLoopbackUrl, readActivity } from './webhook.js';

const CHANNEL = 'botframework';

/** The Universal Actions answer to a card button: a plain acknowledgement, the bot's reply follows as
 * an ordinary message (the card is not replaced, so the conversation keeps its history). */
const CARD_ACTION_TAKEN = { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '✓' } };

/** The bot's Azure registration; no app id = the Emulator's unauthenticated mode. */
export interface BotFrameworkOptions {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
}

/** Builds the Bot Framework channel. */
export function createBotFrameworkChannel(options: BotFrameworkOptions = {}): Channel {
  return new BotFrameworkChannel(options);
}

class BotFrameworkChannel implements Channel {
  readonly id = CHANNEL;
  readonly capabilities = { buttons: BOTFRAMEWORK_LIMITS.suggestedActions, lists: 0, maxText: BOTFRAMEWORK_LIMITS.text, ratePerSecond: 8 };
  private readonly adapter: CloudAdapter;
  private readonly hub = new HubLink(CHANNEL);

  constructor(private readonly o: BotFrameworkOptions) {
    const config: Record<string, string> = {};
    if (o.appId) config.MicrosoftAppId = o.appId;
    if (o.appPassword) config.MicrosoftAppPassword = o.appPassword;
    if (o.appType) config.MicrosoftAppType = o.appType;
    if (o.tenantId) config.MicrosoftAppTenantId = o.tenantId;
    // With an app id every request's JWT is checked; without one the adapter accepts anonymous activities.
    this.adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config));
  }

  routes(http: WebhookRegistrar): void {
    http.post(BOTFRAMEWORK_PATH, async (req) => {
      const read = readActivity(req);
      if ('reject' in read) return read.reject;
      // Unauthenticated (Emulator) mode: only a program on this machine may call, and only to be
      // answered on this machine; anything else could inject conversations or aim the hub's POSTs.
      if (!this.o.appId && !(isLoopbackAddress(req.remoteAddress) && isLoopbackUrl(read.body.serviceUrl))) {
        return {
          status: 403,
          body: { error: { code: 'forbidden', message: 'without MicrosoftAppId only a caller and a serviceUrl on this machine (the Emulator) are accepted' } },
        };
      }
      const exchange = adapterExchange(req, read.body);
      await this.adapter.process(exchange.request, exchange.response, (context) => this.onTurn(context));
      return exchange.answer();
    });
  }

  async start(hub: HubPort): Promise<void> {
    this.hub.attach(hub);
  }

  async send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
    let externalId: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.o.appId ?? '', referenceFor(address), async (context) => {
        for (const activity of renderBotFramework(message)) externalId = (await context.sendActivity(activity))?.id ?? externalId;
      });
    } catch (err) {
      throw sendError(err);
    }
    return { externalId };
  }

  async stop(): Promise<void> {}

  private async onTurn(context: TurnContext): Promise<void> {
    const event = botFrameworkEvent(context.activity);
    if (event) await this.hub.receive(event);
    // An invoke expects its answer in the HTTP response; without one the adapter answers 501 (webhook.ts).
    if (event && context.activity.type === 'invoke') await context.sendActivity({ type: 'invokeResponse', value: CARD_ACTION_TAKEN });
  }
}

function sendError(err: unknown): ChannelSendError {
  const e = err as { statusCode?: number; response?: { headers?: { get(name: string): string | undefined } } };
  if (typeof e.statusCode === 'number') return statusError(CHANNEL, e.statusCode, 'connector', retryAfterMs(e.response?.headers?.get('retry-after')));
  return networkError(CHANNEL, err);
}
