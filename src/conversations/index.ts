/** Conversation state, transcripts, their lifecycle and their live events, all in Redis. */
export { ConversationStore, isConversationId, type NewMessage, type ConversationWrite, type TurnState } from './store.js';
export { ConversationEvents, KEPT_MS, type MessageListener } from './events.js';
export { TRANSITIONS, indexOf } from './lifecycle.js';
export { dangerLevel, type Conversation, type ConversationMode } from './types.js';
