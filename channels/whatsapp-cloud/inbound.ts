/** WhatsApp Cloud API webhook body → platform events (pure). */
import type { InboundMessage } from '../../src/core/messages.js';
import type { PlatformEvent } from '../shared/inbound-event.js';

/** The parts of a Cloud API message the hub uses (the rest of the wire format is ignored). */
export interface CloudMessage {
  from: string;
  id: string;
  type: string;
  text?: { body?: string };
  interactive?: { type?: string; button_reply?: { id?: string }; list_reply?: { id?: string } };
  button?: { text?: string; payload?: string };
}

interface CloudBody {
  object?: string;
  entry?: { changes?: { field?: string; value?: { metadata?: { phone_number_id?: string }; messages?: CloudMessage[] } }[] }[];
}

// Message types whose content the hub cannot read, and the media type it is told.
const MEDIA_TYPES: Record<string, string> = {
  image: 'image',
  sticker: 'sticker',
  video: 'video',
  audio: 'audio',
  voice: 'audio',
  document: 'document',
  location: 'location',
  contacts: 'contact',
  order: 'other',
  unsupported: 'other',
  unknown: 'other',
};

/** The events of a webhook body; statuses, reactions and other numbers' messages are left out. */
export function whatsappCloudEvents(body: unknown, phoneNumberId?: string): PlatformEvent[] {
  const data = body as CloudBody;
  if (data?.object !== 'whatsapp_business_account') return [];
  const events: PlatformEvent[] = [];
  for (const entry of data.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const value = change.value;
      if (change.field !== 'messages' || !value) continue;
      // One app may serve several numbers: answer only for ours.
      if (phoneNumberId && value.metadata?.phone_number_id && value.metadata.phone_number_id !== phoneNumberId) continue;
      for (const message of value.messages ?? []) {
        const draft = messageDraft(message);
        if (draft && message.from && message.id) {
          events.push({ platformUserId: message.from, address: { to: message.from }, message: { ...draft, platformMessageId: message.id } });
        }
      }
    }
  }
  return events;
}

function messageDraft(message: CloudMessage): InboundMessage | undefined {
  switch (message.type) {
    case 'text':
      return message.text?.body ? { kind: 'text', text: message.text.body } : undefined;
    case 'interactive': {
      const id = message.interactive?.button_reply?.id ?? message.interactive?.list_reply?.id;
      return id ? { kind: 'choice', choiceId: id } : undefined;
    }
    case 'button':
      // A template's quick-reply button: its text is what the citizen "said".
      return message.button?.text ? { kind: 'text', text: message.button.text } : undefined;
    case 'request_welcome':
      return { kind: 'start' };
    default: {
      const mediaType = MEDIA_TYPES[message.type];
      return mediaType ? { kind: 'media', mediaType } : undefined; // reactions, system notices: nothing to answer
    }
  }
}
