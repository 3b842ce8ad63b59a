/** What the hub calls back into the hand-off for (set by the composition root). */
import type { Conversation } from '../conversations/index.js';

/** Hub → hand-off callbacks: the hand-off owns the queue wording and the bookkeeping of held conversations. */
export interface HandoffHooks {
  /** Tells a citizen who just joined (or moved up in) the queue their place and estimated wait. */
  announcePlace(conv: Conversation): Promise<void>;
  /** A conversation was closed by anyone; `conv` is its state just before. */
  closed(conv: Conversation): Promise<void>;
}
