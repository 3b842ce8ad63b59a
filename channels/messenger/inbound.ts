/** Messenger Platform webhook body → platform events (pure). Echoes, deliveries and reads are left out. */
import type { InboundMessage } from '../../src/core/messages.js';
import type { PlatformEvent } from '../shared/inbound-event.js';
import { absentOr, absentOrListOf, isNumber, isObject, isText } from '../shared/shape.js';

/** The parts of a `messaging` item the hub uses. */
export interface MessagingItem {
  sender?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    quick_reply?: { payload?: string };
    attachments?: { type?: string }[];
  };
  postback?: { mid?: string; payload?: string; title?: string };
}

interface PageBody {
  object?: string;
  entry?: { id?: string; messaging?: MessagingItem[] }[];
}

/** The payload of the "Get Started" button: the citizen opens the conversation. */
export const GET_STARTED = 'GET_STARTED';

// Attachment types the hub cannot read, and the media type it is told.
const MEDIA_TYPES: Record<string, string> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
  location: 'location',
  fallback: 'other',
  template: 'other',
};

/** The events of a webhook body. */
export function messengerEvents(body: unknown): PlatformEvent[] {
  const data = body as PageBody;
  if (data?.object !== 'page') return [];
  const events: PlatformEvent[] = [];
  for (const entry of data.entry ?? []) {
    for (const item of entry.messaging ?? []) {
      const psid = item.sender?.id;
      const found = psid ? itemDraft(item) : undefined;
      if (psid && found) events.push({ platformUserId: psid, address: { psid }, message: { ...found.draft, platformMessageId: found.id } });
    }
  }
  return events;
}

/** Throws (the webhook answers 400) when a field the hub reads does not have the platform's type: the
 * body is signed, so it is Meta's or a bug's, and the same bytes sent again would fail again. */
function checkTypes(item: MessagingItem): void {
  const { message, postback, sender } = item;
  const ok =
    [sender?.id, message?.mid, message?.text, message?.quick_reply?.payload, postback?.mid, postback?.payload].every((field) => absentOr(field, isText)) &&
    absentOr(item.timestamp, isNumber) &&
    absentOrListOf(message?.attachments, (a) => isObject(a) && absentOr(a.type, isText));
  if (!ok) throw new TypeError('a messaging item with fields of the wrong type');
}

function itemDraft(item: MessagingItem): { draft: InboundMessage; id: string } | undefined {
  checkTypes(item);
  const { message, postback } = item;
  if (message && !message.is_echo && message.mid) {
    // Quick replies carry the choice id as payload; the text is only its label.
    if (message.quick_reply?.payload) return { draft: { kind: 'choice', choiceId: message.quick_reply.payload }, id: message.mid };
    if (message.text) return { draft: { kind: 'text', text: message.text }, id: message.mid };
    const type = message.attachments?.[0]?.type;
    if (type) return { draft: { kind: 'media', mediaType: MEDIA_TYPES[type] ?? 'other' }, id: message.mid };
    return undefined;
  }
  if (postback?.payload) {
    // Older postbacks have no mid: sender and time identify them well enough for replay protection.
    const id = postback.mid ?? `postback:${item.sender?.id}:${item.timestamp}`;
    const draft: InboundMessage = postback.payload === GET_STARTED ? { kind: 'start' } : { kind: 'choice', choiceId: postback.payload };
    return { draft, id };
  }
  return undefined; // delivery, read, reaction, optin...
}
