/** Telegram webhook requests: the secret-token header check and the update body. */
import type { Update } from 'telegraf/types';
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';
import { isObject } from '../shared/shape.js';
import { safeEqual } from '../shared/signature.js';

/** Where Telegram posts updates in webhook mode (api-contract.md). */
export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

/** The update of an authentic webhook request, or the answer for a forged or malformed one. */
export function readTelegramWebhook(req: WebhookRequest, secret: string): { update: Update } | { reject: WebhookResponse } {
  const given = req.headers['x-telegram-bot-api-secret-token'] ?? '';
  if (!secret || !safeEqual(given, secret)) {
    return { reject: { status: 401, body: { error: { code: 'bad_secret', message: 'X-Telegram-Bot-Api-Secret-Token does not match' } } } };
  }
  try {
    const update = JSON.parse(req.rawBody.toString('utf8')) as Update;
    if (typeof update?.update_id !== 'number' || !wellFormed(update as unknown as Record<string, unknown>)) throw new Error('not an update');
    return { update };
  } catch {
    return { reject: { status: 400, body: { error: { code: 'invalid_update', message: 'the body is not a Telegram update' } } } };
  }
}

/** The parts the channel reads have the Bot API's types (a malformed update is refused with 400,
 * not answered 500, which would make Telegram send it again and again). */
function wellFormed(update: Record<string, unknown>): boolean {
  for (const field of ['message', 'edited_message', 'callback_query'] as const) {
    if (!(field in update)) continue;
    const value = update[field];
    if (!isObject(value)) return false;
    const message = field === 'callback_query' ? value.message : value;
    if (field !== 'callback_query' && !(isObject(message) && isObject(message.chat))) return false;
    const from = value.from;
    if (from !== undefined && (!isObject(from) || (from.language_code !== undefined && typeof from.language_code !== 'string'))) return false;
  }
  return true;
}
