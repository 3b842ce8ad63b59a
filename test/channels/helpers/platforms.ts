/** Telegram and WhatsApp Cloud as a citizen sees them: a channel on a test hub, its platform fake,
 * and a driver per citizen (what that citizen receives, what they type or tap). */
import { expect } from 'chai';
import { hubSignature } from '../../../channels/shared/signature.js';
import { createTelegramChannel } from '../../../channels/telegram/index.js';
import { createWhatsappCloudChannel } from '../../../channels/whatsapp-cloud/index.js';
import type { TestHub } from '../../helpers/hub.js';
import { FakeGraphApi } from '../fakes/graph-api.js';
import { FakeTelegramApi, TelegramCitizen, type TelegramSent } from '../fakes/telegram-api.js';
import { urlsIn, type CitizenDriver, type PlatformMessage } from './journey.js';

/** A platform attached to a hub: a driver for each citizen, and the fake to stop afterwards. */
export interface Platform {
  name: string;
  /** A driver for a new citizen (`n` makes the chat id or phone number). */
  citizen(n: number): CitizenDriver;
  stop(): Promise<void>;
}

const TELEGRAM_TOKEN = '123456:TEST-token';
const TELEGRAM_SECRET = 'webhook-secret_1';

/** A Telegram message reduced to what a citizen sees: inline buttons are choices or links. */
export function telegramView(sent: TelegramSent): PlatformMessage {
  const buttons = sent.reply_markup?.inline_keyboard.flat() ?? [];
  return {
    text: sent.text,
    choices: buttons.filter((b) => b.callback_data).map((b) => ({ label: b.text, value: b.callback_data! })),
    urls: [...buttons.filter((b) => b.url).map((b) => b.url!), ...urlsIn(sent.text)],
  };
}

/** Telegram through telegraf in webhook mode, against the fake Bot API. */
export async function attachTelegram(hub: TestHub): Promise<Platform> {
  const api = new FakeTelegramApi(TELEGRAM_TOKEN);
  await api.start();
  const channel = createTelegramChannel({ token: TELEGRAM_TOKEN, apiRoot: api.apiRoot, mode: 'webhook', webhookSecret: TELEGRAM_SECRET });
  await hub.app.hub.addChannel(channel, hub.app.webhooks);
  const post = async (update: object) => {
    const res = await fetch(`${hub.url}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).to.equal(200);
  };
  return {
    name: 'Telegram',
    citizen(n) {
      const citizen = new TelegramCitizen(600000 + n);
      const mine = () => api.sent.filter((s) => s.chat_id === String(600000 + n));
      return {
        channel: 'telegram',
        start: () => post(citizen.text('/start')),
        say: (text) => post(citizen.text(text)),
        choose: async (message, label) => {
          const sent = mine().find((s) => telegramView(s).text === message.text && telegramView(s).choices.length === message.choices.length)!;
          await post(citizen.tap(sent, message.choices.find((c) => c.label === label)!.value));
        },
        received: () => mine().map(telegramView),
      };
    },
    stop: () => api.stop(),
  };
}

const PHONE_ID = '106540352242922';
const APP_SECRET = 'wa-app-secret';

/** The text of a Cloud API message body. */
export function whatsappText(body: any): string {
  return body?.type === 'text' ? body.text.body : (body?.interactive?.body?.text ?? '');
}

/** A Cloud API message reduced to what a citizen sees: reply buttons or list rows are choices. */
export function whatsappView(body: any): PlatformMessage {
  const text = whatsappText(body);
  const action = body.interactive?.action ?? {};
  const choices =
    body.type !== 'interactive'
      ? []
      : action.buttons
        ? action.buttons.map((b: any) => ({ label: b.reply.title, value: b.reply.id }))
        : action.sections.flatMap((s: any) => s.rows).map((r: any) => ({ label: r.description ?? r.title, value: r.id }));
  return { text, choices, urls: urlsIn(text) };
}

/** A webhook body as Meta sends it for one message of `from`. */
export function whatsappNotification(from: string, message: object): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '33180000000', phone_number_id: PHONE_ID },
              contacts: [{ profile: { name: 'Camille' }, wa_id: from }],
              messages: [{ from, timestamp: '1717000000', ...message }],
            },
          },
        ],
      },
    ],
  });
}

/** WhatsApp through the Cloud API channel: signed webhooks in, the fake Graph API out. */
export async function attachWhatsappCloud(hub: TestHub): Promise<Platform> {
  const graph = new FakeGraphApi(whatsappText);
  await graph.start();
  const channel = createWhatsappCloudChannel({
    token: 'wa-token',
    phoneNumberId: PHONE_ID,
    appSecret: APP_SECRET,
    verifyToken: 'wa-verify-token',
    apiRoot: graph.root,
    apiVersion: 'v21.0',
  });
  await hub.app.hub.addChannel(channel, hub.app.webhooks);
  let sequence = 0;
  return {
    name: 'WhatsApp',
    citizen(n) {
      const phone = `336${String(n).padStart(8, '0')}`;
      const mine = () => graph.posts.filter((p) => p.body.to === phone).map((p) => p.body);
      const deliver = async (message: object) => {
        const raw = whatsappNotification(phone, { id: `wamid.FLOW${++sequence}`, ...message });
        const res = await fetch(`${hub.url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(Buffer.from(raw), APP_SECRET) },
          body: raw,
        });
        expect(res.status).to.equal(200);
      };
      return {
        channel: 'whatsapp',
        start: () => deliver({ type: 'text', text: { body: 'Bonjour' } }),
        say: (text) => deliver({ type: 'text', text: { body: text } }),
        choose: async (message, label) => {
          const id = message.choices.find((c) => c.label === label)!.value;
          const sent = mine().find((b) => whatsappText(b) === message.text)!;
          const reply =
            sent.interactive.type === 'button'
              ? { type: 'button_reply', button_reply: { id, title: label } }
              : { type: 'list_reply', list_reply: { id, title: label } };
          await deliver({ type: 'interactive', interactive: reply });
        },
        received: () => mine().map(whatsappView),
      };
    },
    stop: () => graph.stop(),
  };
}
