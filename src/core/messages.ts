/** The one message language every channel speaks with the hub. No platform types here. */

/** Channel ids are plain strings ("web", "api", "telegram", ...); the core never branches on them. */
export type ChannelId = string;

/** A citizen's message as a channel hands it to the hub. */
export type InboundMessage =
  | (InboundBase & { kind: 'text'; text: string })
  | (InboundBase & { kind: 'choice'; choiceId: string })
  | (InboundBase & { kind: 'media'; mediaType: string })
  | (InboundBase & { kind: 'start' });

interface InboundBase {
  /** Hub conversation id; a channel resolves it from its own address via the hub. */
  conversationId: string;
  channel: ChannelId;
  /** Locale hint from the platform (e.g. Telegram's language_code); triage may override it. */
  locale?: string;
  /** The platform's id for this message, used to drop replayed webhooks. */
  platformMessageId?: string;
}

/** A choice the citizen can tap (a button, a quick reply, a numbered list entry). */
export interface Choice {
  id: string;
  label: string;
}

/** A link to an official service. */
export interface Link {
  label: string;
  url: string;
}

/** What the hub says to a citizen; channels render it with their own capabilities. */
export interface OutboundMessage {
  conversationId: string;
  from: 'bot' | 'agent' | 'system';
  text: string;
  choices?: Choice[];
  links?: Link[];
  /** Set on emergency-number messages: channels show them first and prominently. */
  urgent?: boolean;
  /** The conversation's language, for the few words a channel adds itself (e.g. a list button). */
  locale?: string;
}

/** Who wrote a transcript entry. */
export type Author = 'citizen' | 'bot' | 'agent' | 'system';

/** One entry of a conversation transcript as stored and served by the API. */
export interface StoredMessage {
  seq: number;
  from: Author;
  text: string;
  choices?: Choice[];
  links?: Link[];
  urgent?: true;
  /** The choice id when the citizen tapped a choice. */
  choice?: string;
  /** The kind of attachment the citizen sent (image, audio...); its content is never kept. */
  media?: string;
  /** Internal note: shown to agents only, never to the citizen. */
  internal?: true;
  /** An agent's reply as the agent wrote it, when `text` is its machine translation for the citizen. */
  original?: { text: string; locale: string };
  at: string;
}
