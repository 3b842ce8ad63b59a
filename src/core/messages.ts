/** The one message language every channel speaks with the hub. No platform types here. */
import type { TriageResult } from './triage.js';

/** Channel ids are plain strings ("web", "api", "telegram", ...); the core never branches on them. */
export type ChannelId = string;

/** A citizen's message as a channel hands it to the hub (who sent it travels beside it: `Sender`). */
export type InboundMessage =
  | (InboundBase & { kind: 'text'; text: string })
  | (InboundBase & { kind: 'choice'; choiceId: string })
  | (InboundBase & { kind: 'media'; mediaType: string })
  /** "Start the conversation": a platform's /start or conversationUpdate, or the API's create. */
  | (InboundBase & { kind: 'start' });

interface InboundBase {
  /** The platform's id for this message, used to drop replayed webhooks. */
  platformMessageId?: string;
  /** The client's key for this message (API `Idempotency-Key`, socket frame `idempotencyKey`): sent
   * again with the same key, it is the message already stored, not a new one. */
  idempotencyKey?: string;
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
  /** The conversation's language. */
  locale?: string;
  /** Who wrote it, for an agent's message ("Gendarme Julie"); channels may show it. */
  author?: string;
  /** The label of the button that opens a list of choices (WhatsApp), from the content's phrases. */
  listButton?: string;
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
  /** The client's idempotency key a citizen message was sent with (InboundMessage.idempotencyKey). */
  idempotencyKey?: string;
  /** The kind of attachment the citizen sent (image, audio...); its content is never kept. */
  media?: string;
  /** Internal note: shown to agents only, never to the citizen. */
  internal?: true;
  /** A queue-position update ("you are number 3"): the agents' console keeps only the latest. */
  queuePosition?: true;
  /** The agent's display name on an agent's message. */
  author?: string;
  /** A bot's or agent's message as written, when `text` is its machine translation for the citizen. */
  original?: { text: string; locale: string };
  /** `text` is a machine translation (its marker line is in the text too, for every channel). */
  translated?: true;
  /** A citizen's words in the agents' language (`from`: the language they were written in), for agents only. */
  translation?: { text: string; locale: string; from: string };
  /** What the triage read in a citizen's text, once, when it arrived (never shown to the citizen). */
  triage?: StoredTriage;
  at: string;
}

/** The triage's verdict kept with a citizen message, so that the bot's turn does not triage it again. */
export interface StoredTriage {
  urgent: boolean;
  /** now / maybe / none (older messages stored before the three levels have none). */
  danger?: 'now' | 'maybe' | 'none';
  intent: string;
  confidence: number;
  locale: string;
  alternatives: { intent: string; confidence: number }[];
}

/** The triage's verdict as stored with a message (the fields the turn reads back). */
export function storedTriage(r: TriageResult): StoredTriage {
  const { urgent, danger, intent, confidence, locale, alternatives } = r;
  return { urgent, danger, intent, confidence, locale, alternatives };
}

/** A transcript entry as a citizen may see it: the hub's own annotations removed. */
export function citizenView(message: StoredMessage): StoredMessage {
  if (!message.triage && !message.translation) return message;
  const { triage: _triage, translation: _translation, ...rest } = message;
  return rest;
}
