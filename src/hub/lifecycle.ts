/** The hub's lifecycle actions: hand a conversation to the agents, close it. Each is one atomic
 * write (the store enforces the allowed transitions, conversations/lifecycle.ts) followed by its event. */
import type { Clock } from '../core/clock.js';
import { isoNow } from '../core/clock.js';
import { HubError } from '../core/errors.js';
import { nextTopic } from '../core/triage.js';
import type { ContentRuntime } from '../content/runtime.js';
import type { Conversation, ConversationStore, ConversationWrite } from '../conversations/index.js';
import type { Logger } from '../log.js';
import type { Stats } from '../stats/stats.js';
import { dialogueState } from './dialogue-state.js';
import type { HubEvents } from './events.js';
import { type Outbox, toNewMessages } from './outbox.js';

/** The write and the event of a hand-off, for a conversation in `conv`'s state (undefined: nothing changes). */
export function handoffChange(
  conv: Conversation,
  handoffIntent: string,
  urgent: boolean,
  nowIso: string,
): { write: ConversationWrite; event?: { urgent: boolean; raised: boolean }; conv: Conversation } | undefined {
  const raise = urgent && !conv.urgent;
  if (conv.mode === 'agent') return raise ? { write: { set: { urgent: true } }, conv: { ...conv, urgent: true } } : undefined;
  if (conv.mode === 'waiting') {
    return raise ? { write: { set: { urgent: true } }, event: { urgent: true, raised: true }, conv: { ...conv, urgent: true } } : undefined;
  }
  // "Not helped", "none of these" or "an officer please" says nothing new about the topic: keep the one known.
  const intent = nextTopic(conv.intent, handoffIntent);
  const set: Partial<Conversation> = { waitingSince: nowIso, urgent: urgent || conv.urgent, intent, closedAt: undefined, pending: undefined, offered: [] };
  return { write: { mode: 'waiting', set }, event: { urgent: urgent || conv.urgent, raised: false }, conv: { ...conv, ...set, mode: 'waiting' } };
}

/** Closing, for the citizen, the agents' desk and the sweeps (a hand-off is part of a turn: turn.ts). */
export class Lifecycle {
  constructor(
    private readonly o: { store: ConversationStore; outbox: Outbox; events: HubEvents; runtime: ContentRuntime; stats: Stats; clock: Clock; log: Logger },
  ) {}

  /** Ends a conversation and asks the satisfaction question. */
  async close(conversationId: string, by: { who: 'agent' | 'citizen' | 'system'; outcome?: string }): Promise<void> {
    const conv = await this.o.store.get(conversationId);
    if (!conv) throw new HubError('not_found', 'unknown conversation');
    if (conv.mode === 'closed' || conv.mode === 'survey') return;
    const survey = this.o.runtime.current.engine.survey(dialogueState(conv));
    const { pending, offered } = survey.state;
    await this.o.outbox.commit(conv, {
      mode: 'survey',
      set: { closedAt: isoNow(this.o.clock), outcome: by.outcome, pending, offered },
      append: toNewMessages(survey.replies),
    });
    await this.o.stats.increment('conversations_closed');
    await this.o.events.emit('closed', { conversation: conv, by: by.who });
    this.o.log.info('conversation closed', { conversation: conv.id, by: by.who });
  }
}
