/** A fake Telegram Bot API: getMe, deleteWebhook, getUpdates (long polling), sendMessage, answerCallbackQuery. */
import { FailurePlan, startJsonServer, type JsonServer } from './json-server.js';

/** A sendMessage the fake accepted. */
export interface TelegramSent {
  message_id: number;
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] };
  entities?: { type: string; offset: number; length: number }[];
}

/** The fake Bot API; `apiRoot` goes to TELEGRAM_API_ROOT. */
export class FakeTelegramApi {
  readonly sent: TelegramSent[] = [];
  readonly calls: string[] = [];
  readonly answeredCallbacks: string[] = [];
  readonly sendFailures = new FailurePlan();
  private readonly updates: object[] = [];
  private waiters: (() => void)[] = [];
  private server?: JsonServer;
  private nextMessageId = 1000;

  constructor(readonly token: string) {}

  get apiRoot(): string {
    return this.server!.url;
  }

  async start(): Promise<void> {
    this.server = await startJsonServer(async (req) => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.path);
      if (!match || match[1] !== this.token) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
      const method = match[2];
      this.calls.push(method);
      const body = req.body ?? {};
      switch (method) {
        case 'getMe':
          return ok({ id: 7000000001, is_bot: true, first_name: 'Relais', username: 'relais_test_bot', can_join_groups: false });
        case 'deleteWebhook':
          return ok(true);
        case 'getUpdates':
          return ok(await this.takeUpdates(Number(body.offset ?? 0)));
        case 'answerCallbackQuery':
          this.answeredCallbacks.push(String(body.callback_query_id));
          return ok(true);
        case 'sendMessage': {
          const failure = this.sendFailures.take(String(body.text));
          if (failure) return failure;
          const sent: TelegramSent = {
            message_id: this.nextMessageId++,
            chat_id: String(body.chat_id),
            text: body.text,
            reply_markup: body.reply_markup,
            ...(body.entities ? { entities: body.entities } : {}),
          };
          this.sent.push(sent);
          return ok({ message_id: sent.message_id, date: 1717000000, chat: { id: Number(body.chat_id), type: 'private' }, text: body.text });
        }
        default:
          return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } };
      }
    });
  }

  /** Queues an update for the bot's next getUpdates. */
  push(update: object): void {
    this.updates.push(update);
    for (const wake of this.waiters.splice(0)) wake();
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    await this.server?.close();
  }

  // Long polling, shortened: answers as soon as an update is queued, or empty after a short while.
  private async takeUpdates(offset: number): Promise<object[]> {
    const pending = () => this.updates.filter((u) => (u as { update_id: number }).update_id >= offset);
    if (!pending().length)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 300);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    return pending();
  }
}

function ok(result: unknown) {
  return { status: 200, body: { ok: true, result } };
}

/** Builds the updates a private-chat citizen produces. */
export class TelegramCitizen {
  /** Update ids grow across every citizen of a test, as the Bot API's do for one bot. */
  private static updateId = 500000;
  private messageId = 1;
  private callbackId = 1;
  readonly user: { id: number; is_bot: false; first_name: string; language_code: string };
  readonly chat: { id: number; first_name: string; type: 'private' };

  constructor(id = 424242) {
    this.user = { id, is_bot: false, first_name: 'Camille', language_code: 'fr' };
    this.chat = { id, first_name: 'Camille', type: 'private' };
  }

  /** A text message update (a "/start" too). */
  text(text: string): { update_id: number } {
    return { update_id: TelegramCitizen.updateId++, message: { message_id: this.messageId++, from: this.user, chat: this.chat, date: 1717000000, text } } as {
      update_id: number;
    };
  }

  /** A tap on an inline button of `sent`. */
  tap(sent: TelegramSent, data: string): { update_id: number } {
    return {
      update_id: TelegramCitizen.updateId++,
      callback_query: {
        id: `cq-${this.user.id}-${this.callbackId++}`,
        from: this.user,
        chat_instance: '-1',
        message: {
          message_id: sent.message_id,
          from: { id: 7000000001, is_bot: true, first_name: 'Relais' },
          chat: this.chat,
          date: 1717000000,
          text: sent.text,
        },
        data,
      },
    } as { update_id: number };
  }
}
