/** OutboundMessage → Send API bodies: quick replies (≤13, titles ≤20), numbered text beyond. */
import type { OutboundMessage } from '../../src/core/messages.js';
import { appendBlock, bodyText, numberedChoices, splitText, truncate } from '../shared/render.js';

/** Send API limits. */
export const MESSENGER_LIMITS = { text: 2000, quickReplies: 13, quickReplyTitle: 20, payload: 1000 } as const;

/** The body of one POST to /{version}/me/messages. */
export interface MessengerPayload {
  recipient: { id: string };
  messaging_type: 'RESPONSE';
  message: { text: string; quick_replies?: { content_type: 'text'; title: string; payload: string }[] };
}

/** The Send API calls that show a message to `psid`, in order; quick replies ride on the last. */
export function renderMessenger(psid: string, message: OutboundMessage): MessengerPayload[] {
  const choices = message.choices ?? [];
  const quick = choices.length > 0 && choices.length <= MESSENGER_LIMITS.quickReplies && choices.every((c) => c.id.length <= MESSENGER_LIMITS.payload);
  let text = bodyText(message, { links: true });
  // Quick-reply titles are cut at 20 characters: the full labels go in the text when any is cut.
  const cut = quick && choices.some((c) => [...c.label].length > MESSENGER_LIMITS.quickReplyTitle);
  if (choices.length && (!quick || cut)) text = appendBlock(text, numberedChoices(choices));
  const parts: MessengerPayload[] = splitText(text, MESSENGER_LIMITS.text).map((part) => ({
    recipient: { id: psid },
    messaging_type: 'RESPONSE',
    message: { text: part },
  }));
  if (quick) {
    parts[parts.length - 1].message.quick_replies = choices.map((c, i) => ({
      content_type: 'text',
      title: cut ? truncate(`${i + 1}. ${c.label}`, MESSENGER_LIMITS.quickReplyTitle) : c.label,
      payload: c.id,
    }));
  }
  return parts;
}
