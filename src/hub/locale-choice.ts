/** The citizen's own choice of language (the widget's "Langue / Language" control, or the messaging
 * apps' command): the conversation's locale is set and marked as chosen, so the detector no longer
 * changes it (someone who chose Arabic may still type in French on a Latin keyboard), and the bot
 * confirms in the new language, offering again the choices on screen with their labels translated. */
import type { ContentVersion } from '../content/runtime.js';
import { HubError } from '../core/errors.js';
import type { Conversation, ConversationStore } from '../conversations/index.js';
import { dialogueState } from './dialogue-state.js';
import { type Outbox, type Saying, toNewMessages } from './outbox.js';

/** The phrase confirming the change, in the new language. */
export const LANGUAGE_CHANGED_PHRASE = 'language_changed';

/** What a choice of `locale` writes and says in `conv`. */
export function localeChange(version: ContentVersion, conv: Conversation, locale: string): { set: Partial<Conversation>; say: Saying } {
  const text = version.phrases.t(LANGUAGE_CHANGED_PHRASE, locale);
  // While the bot leads, the buttons on screen are offered again in the new language.
  const before = { ...dialogueState(conv), locale };
  // Leaving French, the easy-to-read switch leaves the buttons (it has no other language).
  const state = { ...before, offered: version.engine.offeredIn(before) };
  const choices = conv.mode === 'bot' || conv.mode === 'survey' ? state.offered.map((id) => ({ id, label: version.engine.labelFor(state, id) })) : [];
  const offered = state.offered.length === before.offered.length ? {} : { offered: state.offered };
  return { set: { locale, localeChosen: true, ...offered }, say: { text, ...(choices.length ? { choices } : {}) } };
}

/** Applies a citizen's choice of language outside a turn (the widget's control). */
export class LocaleChoice {
  constructor(private readonly o: { store: ConversationStore; outbox: Outbox; runtime: { current: ContentVersion } }) {}

  /** Sets `locale` (a supported one) on the conversation and confirms it; a closed or gone one is refused. */
  async choose(conversationId: string, locale: string): Promise<void> {
    const conv = await this.o.store.get(conversationId);
    if (!conv) throw new HubError('not_found', 'unknown conversation');
    if (conv.mode === 'closed') throw new HubError('closed', 'this conversation is closed; open a new one');
    if (conv.locale === locale && conv.localeChosen) return; // chosen twice: nothing new to say
    const { set, say } = localeChange(this.o.runtime.current, conv, locale);
    const seqs = await this.o.outbox.commit(conv, { set, append: toNewMessages([say]) });
    if (!seqs) throw new HubError('not_found', 'unknown conversation');
  }
}
