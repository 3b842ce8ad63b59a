/** The part of a stored conversation the flow engine reads. */
import type { Conversation } from '../conversations/index.js';
import type { DialogueState } from '../flows/engine.js';

/** The dialogue's view of a conversation. */
export function dialogueState(conv: Conversation): DialogueState {
  return {
    step: conv.step,
    pending: conv.pending,
    offered: conv.offered ?? [],
    clarifyCount: conv.clarifyCount ?? 0,
    locale: conv.locale,
    ...(conv.held ? { held: conv.held } : {}),
    ...(conv.appointmentRequest ? { appointment: conv.appointmentRequest } : {}),
    ...(conv.easyRead ? { easyRead: true } : {}),
  };
}
