/** whatsapp-web.js message → platform event (pure). Only one-to-one chats are served. */
import type { InboundMessage } from '../../src/core/messages.js';
import type { PlatformEvent } from '../shared/inbound-event.js';

/** The parts of a whatsapp-web.js Message the hub uses. */
export interface WebMessage {
  from: string;
  body?: string;
  type: string;
  fromMe?: boolean;
  isStatus?: boolean;
  id?: { _serialized?: string };
}

// Message types whose content the hub cannot read, and the media type it is told.
const MEDIA_TYPES: Record<string, string> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'audio',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  vcard: 'contact',
  multi_vcard: 'contact',
  poll_creation: 'poll',
};

/** The event a message carries for the hub, or undefined (own messages, groups, statuses, notices). */
export function whatsappWebEvent(message: WebMessage): PlatformEvent | undefined {
  if (message.fromMe || message.isStatus || !/@(c\.us|lid)$/.test(message.from)) return undefined;
  const draft = messageDraft(message);
  if (!draft) return undefined;
  return {
    platformUserId: message.from,
    address: { chatId: message.from },
    message: { ...draft, platformMessageId: message.id?._serialized },
  };
}

function messageDraft(message: WebMessage): InboundMessage | undefined {
  // Old button and list answers arrive as text: the flow engine matches a typed label or digit.
  if (message.type === 'chat' || message.type === 'buttons_response' || message.type === 'list_response') {
    return message.body?.trim() ? { kind: 'text', text: message.body } : undefined;
  }
  const mediaType = MEDIA_TYPES[message.type];
  return mediaType ? { kind: 'media', mediaType } : undefined;
}
