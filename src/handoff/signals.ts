/** What the hand-off publishes for live views on every hub process (the console bus carries them). */

/** A change worth pushing to open consoles; ids only, never message text. */
export type HandoffSignal =
  | { t: 'queue' }
  | { t: 'mine'; agents: string[] }
  | { t: 'assigned'; agent: string; id: string; by: 'auto' | 'transfer' }
  | { t: 'presence'; agent?: string }
  | { t: 'stats' }
  /** A reply to this conversation could not be delivered (its transcript says which). */
  | { t: 'undeliverable'; id: string }
  /** The citizen left and erased this conversation (quick exit); `agent` held it. */
  | { t: 'erased'; id: string; agent?: string };

/** Someone is typing in a conversation (ephemeral: never stored). */
export interface TypingSignal {
  c: string;
  from: 'citizen' | 'agent';
}

/** Where the hand-off sends its signals. */
export type PublishSignal = (signal: HandoffSignal) => void;
