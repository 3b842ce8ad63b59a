/** Conversation state, transcripts and their live events, all in Redis. */
export { ConversationStore, isConversationId, type NewMessage } from './store.js';
export { ConversationEvents, type MessageListener } from './events.js';
export type { Conversation, ConversationMode } from './types.js';
