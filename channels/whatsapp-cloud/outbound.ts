/** OutboundMessage → Cloud API message payloads: reply buttons (≤3), a list (≤10), or numbered text. */
import type { Choice, OutboundMessage } from '../../src/core/messages.js';
import { appendBlock, bodyText, whatsappBold, labelsFit, numberedChoices, splitText, truncate } from '../shared/render.js';

/** Cloud API limits for the messages this channel sends. */
export const WHATSAPP_LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
} as const;

// The list's opening button, in the conversation's language (20 characters at most).

/** The body of one POST to /{version}/{phone-number-id}/messages. */
export type CloudPayload = Record<string, unknown> & { messaging_product: 'whatsapp'; to: string; type: 'text' | 'interactive' };

/** The Cloud API calls that show a message to `to`, in order. */
export function renderWhatsappCloud(to: string, message: OutboundMessage): CloudPayload[] {
  const choices = message.choices ?? [];
  const text = bodyText(message, { links: true, emphasis: whatsappBold });
  const interactive = choices.length ? interactiveFor(choices, message.listButton ?? 'Choisir') : undefined;
  if (!interactive) {
    const all = choices.length ? appendBlock(text, numberedChoices(choices)) : text;
    return splitText(all, WHATSAPP_LIMITS.text).map((part) => textPayload(to, part));
  }
  // Interactive bodies are shorter than texts: what does not fit goes first as plain text.
  const parts = splitText(text, WHATSAPP_LIMITS.interactiveBody);
  const body = parts.pop()!;
  return [
    ...parts.map((part) => textPayload(to, part)),
    { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'interactive', interactive: { ...interactive, body: { text: body } } },
  ];
}

function textPayload(to: string, body: string): CloudPayload {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body, preview_url: body.includes('https://') } };
}

function interactiveFor(choices: Choice[], listButton: string): Record<string, unknown> | undefined {
  if (choices.length <= WHATSAPP_LIMITS.buttons && labelsFit(choices, WHATSAPP_LIMITS.buttonTitle) && idsFit(choices, WHATSAPP_LIMITS.buttonId)) {
    return { type: 'button', action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.label } })) } };
  }
  // A list row shows a 24-character title; a longer label is shortened there and given whole below it.
  if (choices.length <= WHATSAPP_LIMITS.rows && labelsFit(choices, WHATSAPP_LIMITS.rowDescription) && idsFit(choices, WHATSAPP_LIMITS.rowId)) {
    const rows = choices.map((c) => {
      const title = truncate(c.label, WHATSAPP_LIMITS.rowTitle);
      return title === c.label ? { id: c.id, title } : { id: c.id, title, description: c.label };
    });
    return { type: 'list', action: { button: listButton, sections: [{ rows }] } };
  }
  return undefined;
}

function idsFit(choices: Choice[], max: number): boolean {
  return choices.every((c) => c.id.length <= max);
}
