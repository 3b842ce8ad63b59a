/** The citizen's choice of easy-to-read French (FALC) outside a turn: the web chat's « Texte facile à
 * lire » toggle. The conversation keeps the flag (purged with it); in French, the welcome, the
 * answers and the main phrases that have an easy-to-read text are said so from then on. On the
 * messaging apps the same switch is a choice of the welcome (the flow engine's `read.easy`). */
import type { ContentVersion } from '../content/runtime.js';
import { HubError } from '../core/errors.js';
import type { ConversationStore } from '../conversations/index.js';
import { dialogueState } from './dialogue-state.js';
import { type Outbox, toNewMessages } from './outbox.js';

/** Switches a conversation's easy-to-read flag. */
export class EasyReadChoice {
  constructor(private readonly o: { store: ConversationStore; outbox: Outbox; runtime: { current: ContentVersion } }) {}

  /** Turns easy-to-read on or off; while the bot leads and waits for a menu choice, the menu comes
   * again in the new reading. A closed or gone conversation is refused. */
  async choose(conversationId: string, easyRead: boolean): Promise<void> {
    const conv = await this.o.store.get(conversationId);
    if (!conv) throw new HubError('not_found', 'unknown conversation');
    if (conv.mode === 'closed') throw new HubError('closed', 'this conversation is closed; open a new one');
    if (Boolean(conv.easyRead) === easyRead) return; // chosen twice: nothing new to say
    if (conv.mode !== 'bot') {
      await this.o.store.update(conv.id, { easyRead });
      return;
    }
    const { state, replies } = this.o.runtime.current.engine.changeReading(dialogueState(conv), easyRead);
    const { step, pending, offered } = state;
    const seqs = await this.o.outbox.commit(conv, { set: { easyRead, step, pending, offered }, append: toNewMessages(replies) });
    if (!seqs) throw new HubError('not_found', 'unknown conversation');
  }
}
