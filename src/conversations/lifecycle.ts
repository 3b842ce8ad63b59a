/** A conversation's life as one state machine. Every change of mode goes through `transition`
 * (store.ts), which also keeps the `open` and `closed` indexes true in the same Redis script:
 *
 *   bot ──► waiting ──► agent ──► survey ──► closed ──► purged
 *    │         ▲  ▲        │         │  ▲
 *    │         │  └────────┘ requeue │  └── rating, or no answer in time
 *    │         └─────────────────────┤
 *    └──────────────────► survey     └──► bot   (a new question instead of a rating: reopened)
 *
 * `open` holds bot / waiting / agent conversations (the idle sweeps read it); `closed` holds survey
 * and closed ones, scored by closing time (the retention purge reads it). */
import type { ConversationMode } from './types.js';

/** Where each mode may go next. */
export const TRANSITIONS: Readonly<Record<ConversationMode, readonly ConversationMode[]>> = {
  bot: ['waiting', 'survey', 'closed'],
  waiting: ['waiting', 'agent', 'survey', 'closed'],
  agent: ['waiting', 'agent', 'survey', 'closed'],
  survey: ['bot', 'waiting', 'closed'],
  closed: [],
};

/** The index a mode lives in. */
export function indexOf(mode: ConversationMode): 'open' | 'closed' {
  return mode === 'survey' || mode === 'closed' ? 'closed' : 'open';
}

/** The modes from which `to` may be reached. */
export function allowedFrom(to: ConversationMode): ConversationMode[] {
  return (Object.keys(TRANSITIONS) as ConversationMode[]).filter((from) => TRANSITIONS[from].includes(to));
}
