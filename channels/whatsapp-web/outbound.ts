/** OutboundMessage → whatsapp-web.js texts: choices as a numbered list the citizen answers by digit. */
import type { OutboundMessage } from '../../src/core/messages.js';
import { appendBlock, bodyText, whatsappBold, numberedChoices, splitText } from '../shared/render.js';

/** WhatsApp's text limit (the app accepts more; long texts read badly). */
export const WHATSAPP_WEB_MAX_TEXT = 4096;

/** The texts that show a message, in order. */
export function renderWhatsappWeb(message: OutboundMessage): string[] {
  const text = bodyText(message, { links: true, emphasis: whatsappBold });
  const all = message.choices?.length ? appendBlock(text, numberedChoices(message.choices)) : text;
  return splitText(all, WHATSAPP_WEB_MAX_TEXT);
}
