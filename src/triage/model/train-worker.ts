/**
 * Trains the triage model off the main thread: training takes seconds, and a hub reloading its
 * content must keep answering citizens meanwhile. The parent sends the training sets; the worker
 * sends back the weights (their buffers transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DangerSample, IntentSample } from './learned-triage.js';
import { LearnedTriage } from './learned-triage.js';
import { RECOMMENDED_OPTIONS } from './recommended.js';

const { danger, intents } = workerData as { danger: DangerSample[]; intents: IntentSample[] };
const weights = LearnedTriage.train(danger, intents, RECOMMENDED_OPTIONS).weights();
parentPort!.postMessage(weights, [weights.danger.w.buffer, weights.danger.b.buffer, weights.intent.w.buffer, weights.intent.b.buffer] as ArrayBuffer[]);
