/** The agents' queue, routing, presence and the time-based chores of the hand-off. */
export { HandoffQueue, compareWaiting, type WaitingConversation } from './handoff-queue.js';
export { Assignments } from './assignments.js';
export { Presence, PRESENCE_STATUSES, type PresenceStatus } from './presence.js';
export { Router, pickAgent, type Candidate } from './router.js';
export { QueueNotifier } from './queue-notifier.js';
export { sweepInterval } from './sweeper.js';
export { estimateWaitMinutes, shouldTellPlace } from './wait-estimate.js';
export { summarise } from './summary.js';
export type { HandoffSignal, PublishSignal, TypingSignal } from './signals.js';
