/** Telegram update → platform event (pure). Only private chats are served: a group would expose citizens. */
import type { Update } from 'telegraf/types';
import type { InboundMessage } from '../../src/core/messages.js';
import type { PlatformEvent } from '../shared/inbound-event.js';

// Message fields that carry something the hub cannot read, and the media type it is told.
const MEDIA_FIELDS: [field: string, mediaType: string][] = [
  ['photo', 'image'],
  ['sticker', 'sticker'],
  ['animation', 'video'],
  ['video', 'video'],
  ['video_note', 'video'],
  ['voice', 'audio'],
  ['audio', 'audio'],
  ['document', 'document'],
  ['location', 'location'],
  ['venue', 'location'],
  ['contact', 'contact'],
  ['poll', 'poll'],
  ['dice', 'other'],
];

interface MessageLike {
  message_id: number;
  chat: { id: number; type: string };
  from?: { id: number; is_bot: boolean; language_code?: string };
  text?: string;
  [field: string]: unknown;
}

/** The event a Telegram update carries for the hub, or undefined when there is nothing to store. */
export function telegramEvent(update: Update): PlatformEvent | undefined {
  if ('message' in update) return messageEvent(update.message as unknown as MessageLike);
  if ('callback_query' in update) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    if (chat?.type !== 'private' || !('data' in query) || !query.data) return undefined;
    return {
      platformUserId: String(query.from.id),
      address: { chatId: String(chat.id) },
      locale: query.from.language_code,
      message: { kind: 'choice', choiceId: query.data, platformMessageId: `cb:${query.id}` },
    };
  }
  return undefined; // edits, channel posts, member updates: not citizen messages
}

function messageEvent(message: MessageLike): PlatformEvent | undefined {
  if (message.chat.type !== 'private' || !message.from || message.from.is_bot) return undefined;
  const draft = messageDraft(message);
  if (!draft) return undefined;
  return {
    platformUserId: String(message.from.id),
    address: { chatId: String(message.chat.id) },
    locale: message.from.language_code,
    message: { ...draft, platformMessageId: `${message.chat.id}:${message.message_id}` },
  };
}

function messageDraft(message: MessageLike): InboundMessage | undefined {
  if (typeof message.text === 'string') {
    // "/start" (also "/start <deep-link payload>") opens the conversation; other text goes to the bot.
    return /^\/start(@\w+)?(\s|$)/.test(message.text) ? { kind: 'start' } : { kind: 'text', text: message.text };
  }
  const media = MEDIA_FIELDS.find(([field]) => message[field] !== undefined);
  return media ? { kind: 'media', mediaType: media[1] } : undefined;
}
