/** Telegram webhook requests: the secret-token header check and the update body. */
import type { Update } from 'telegraf/types';
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';
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
    if (typeof update?.update_id !== 'number') throw new Error('no update_id');
    return { update };
  } catch {
    return { reject: { status: 400, body: { error: { code: 'invalid_update', message: 'the body is not a Telegram update' } } } };
  }
}
