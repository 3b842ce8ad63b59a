/** The quick exit: a citizen who must hide the conversation erases it at once. Its transcript,
 * state, follow-up code and sealed address leave Redis in one step (the store's `erase`), every
 * process's sockets and long-polls of it end (the store announces it), Redis's files are rewritten
 * soon after (CompactionQueue), and the `erased` event tells the hand-off and the console, which
 * show agents only that the citizen left and erased it. */
import { HubError } from '../core/errors.js';
import type { ConversationStore } from '../conversations/index.js';
import type { Logger } from '../log.js';
import type { Stats } from '../stats/stats.js';
import type { HubEvents } from './events.js';

/** What erasing needs. */
export interface QuickExitOptions {
  store: ConversationStore;
  events: HubEvents;
  stats: Stats;
  log: Logger;
  /** Asks for Redis's files to be rewritten (returns at once; see redis/persistence.ts). */
  compact: () => void;
}

/** Erases conversations on their citizen's request (the API's DELETE, the messaging command). */
export class QuickExit {
  constructor(private readonly o: QuickExitOptions) {}

  /** Erases the conversation now; HubError `not_found` when there is none. */
  async erase(conversationId: string): Promise<void> {
    const conv = await this.o.store.get(conversationId);
    if (!conv) throw new HubError('not_found', 'unknown conversation');
    await this.o.store.erase(conversationId, { announce: true });
    await this.o.stats.increment('quick_exits');
    // Listeners get the state just before (mode, agent): never a word of the transcript. They
    // withdraw its queue entry, which carries a summary of its words.
    await this.o.events.emit('erased', { conversation: conv });
    // After the listeners: the rewrite's snapshot must not hold the queue entry either.
    this.o.compact();
    this.o.log.info('conversation erased by its citizen', { conversation: conversationId, channel: conv.channel });
  }
}
