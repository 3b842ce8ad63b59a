/** OutboundMessage → Telegram sendMessage calls: choices as an inline keyboard, links as URL buttons. */
import type { Choice, OutboundMessage } from '../../src/core/messages.js';
import { agentName, appendBlock, bodyText, numberedChoices, splitText } from '../shared/render.js';

/** Telegram's limits. */
export const TELEGRAM_LIMITS = { text: 4096, callbackData: 64 } as const;

type InlineButton = { text: string; callback_data: string } | { text: string; url: string };

/** One sendMessage call: the text, its optional inline keyboard and formatting entities. */
export interface TelegramPayload {
  text: string;
  reply_markup?: { inline_keyboard: InlineButton[][] };
  /** Bold spans (the agent's name): entities need no escaping of the text, unlike parse_mode. */
  entities?: { type: 'bold'; offset: number; length: number }[];
}

/** The sendMessage calls for a message; the keyboard rides on the last part of a long text. */
export function renderTelegram(message: OutboundMessage): TelegramPayload[] {
  const choices = message.choices ?? [];
  // callback_data is at most 64 bytes: ids that do not fit are offered as a numbered list instead.
  const buttons = choices.every((c) => Buffer.byteLength(c.id) <= TELEGRAM_LIMITS.callbackData);
  let text = bodyText(message, { links: false });
  if (choices.length && !buttons) text = appendBlock(text, numberedChoices(choices));
  const rows: InlineButton[][] = [...(buttons ? choiceRows(choices) : []), ...(message.links ?? []).map((l) => [{ text: `🔗 ${l.label}`, url: l.url }])];
  const parts = splitText(text, TELEGRAM_LIMITS.text).map((part): TelegramPayload => ({ text: part }));
  if (rows.length) parts[parts.length - 1].reply_markup = { inline_keyboard: rows };
  // The name opens the first part; offsets are UTF-16 code units, as JavaScript counts.
  const name = agentName(message);
  if (name && parts[0].text.startsWith(name)) parts[0].entities = [{ type: 'bold', offset: 0, length: name.length }];
  return parts;
}

// Short labels (a 1–5 rating) share one row; longer ones get a row each so they are not cut.
function choiceRows(choices: Choice[]): InlineButton[][] {
  const buttons = choices.map((c) => ({ text: c.label, callback_data: c.id }));
  return choices.length <= 8 && choices.every((c) => [...c.label].length <= 3) ? [buttons] : buttons.map((b) => [b]);
}
