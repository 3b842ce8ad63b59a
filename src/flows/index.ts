/** The flow engine: dialogue over the editors' flows and knowledge. */
export { FlowEngine, type DialogueEvent, type DialogueOutcome, type DialogueState, type Reply, type HandoffReason } from './engine.js';
