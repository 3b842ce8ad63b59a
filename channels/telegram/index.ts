/** The Telegram channel: telegraf drives the Bot API, by long polling or through the hub's webhook route. */
import { Telegraf, TelegramError, type Context } from 'telegraf';
import type { Channel, ChannelAddress, HubPort, SendResult, WebhookRegistrar } from '../../src/core/channel.js';
import type { ChannelSendError } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { HubLink } from '../shared/inbound-event.js';
import { networkError, statusError } from '../shared/http-errors.js';
import { errorName, silentLog, type ChannelLog } from '../shared/log.js';
import { telegramEvent } from './inbound.js';
import { renderTelegram, TELEGRAM_LIMITS } from './outbound.js';
import { readTelegramWebhook, TELEGRAM_WEBHOOK_PATH } from './webhook.js';

const CHANNEL = 'telegram';

/** How to reach the bot. */
export interface TelegramOptions {
  token: string;
  /** Bot API root (default Telegram's own); a local Bot API server or a test fake. */
  apiRoot?: string;
  mode: 'polling' | 'webhook';
  /** Required in webhook mode: Telegram sends it back in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string;
  log?: ChannelLog;
}

/** Builds the Telegram channel (nothing is contacted before `start`). */
export function createTelegramChannel(options: TelegramOptions): Channel {
  return new TelegramChannel(options);
}

class TelegramChannel implements Channel {
  readonly id = CHANNEL;
  // Inline keyboards take many buttons; Telegram allows about 30 messages a second overall.
  readonly capabilities = { buttons: 100, lists: 0, maxText: TELEGRAM_LIMITS.text, ratePerSecond: 25 };
  private readonly bot: Telegraf;
  private readonly hub = new HubLink(CHANNEL);
  private readonly log: ChannelLog;
  private polling = false;

  constructor(private readonly o: TelegramOptions) {
    if (o.mode === 'webhook' && !o.webhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
    this.log = o.log ?? silentLog;
    this.bot = new Telegraf(o.token, { telegram: { apiRoot: o.apiRoot ?? 'https://api.telegram.org', webhookReply: false } });
    this.bot.use((ctx) => this.onUpdate(ctx));
    // telegraf's default handler prints the whole update (citizen text): replaced. A webhook failure
    // is rethrown so Telegram redelivers; a polled update cannot be redelivered, so it is logged.
    this.bot.catch((err) => {
      if (this.o.mode === 'webhook') throw err;
      this.log.warn('telegram update not stored', { channel: CHANNEL, error: errorName(err) });
    });
  }

  routes(http: WebhookRegistrar): void {
    if (this.o.mode !== 'webhook') return;
    http.post(TELEGRAM_WEBHOOK_PATH, async (req) => {
      const read = readTelegramWebhook(req, this.o.webhookSecret ?? '');
      if ('reject' in read) return read.reject;
      await this.bot.handleUpdate(read.update);
      return { status: 200, body: {} };
    });
  }

  async start(hub: HubPort): Promise<void> {
    this.hub.attach(hub);
    if (this.o.mode === 'webhook') {
      // getMe checks the token now rather than on the first update.
      this.bot.botInfo = await this.bot.telegram.getMe();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      let launched = false;
      this.bot
        .launch({ allowedUpdates: ['message', 'callback_query'] }, () => {
          launched = true;
          this.polling = true;
          resolve();
        })
        .catch((err: unknown) => {
          this.polling = false;
          if (!launched) return reject(new Error(`telegram: could not connect (${errorName(err)})`));
          this.log.warn('telegram polling stopped', { channel: CHANNEL, error: errorName(err) });
        });
    });
  }

  async send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
    let externalId: string | undefined;
    for (const part of renderTelegram(message)) {
      try {
        const { text, ...extra } = part;
        const sent = await this.bot.telegram.sendMessage(address.chatId, text, extra);
        externalId = String(sent.message_id);
      } catch (err) {
        throw sendError(err);
      }
    }
    return { externalId };
  }

  async stop(): Promise<void> {
    if (!this.polling) return;
    this.polling = false;
    this.bot.stop('hub stopping');
  }

  private async onUpdate(ctx: Context): Promise<void> {
    const event = telegramEvent(ctx.update);
    try {
      if (event) await this.hub.receive(event);
    } finally {
      // Stops the button's spinner, even for a tap the hub ignores.
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => {});
    }
  }
}

function sendError(err: unknown): ChannelSendError {
  if (err instanceof TelegramError) {
    const retryAfter = err.parameters?.retry_after;
    return statusError(CHANNEL, err.code, 'bot api', retryAfter === undefined ? undefined : retryAfter * 1000);
  }
  return networkError(CHANNEL, err);
}
