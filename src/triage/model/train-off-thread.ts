/** Runs `train-worker.ts` in a worker thread and resolves with the trained weights. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DangerSample, IntentSample, LearnedWeights } from './learned-triage.js';

// The worker registers tsx itself (a worker does not inherit the parent's module hooks), then loads the trainer.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

// tsx's ESM register API as a file URL (the worker's eval'd boot script cannot resolve package names
// reliably; `require.resolve` finds the CommonJS twin, whose sibling is the ESM entry).
const TSX_API = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/index\.cjs$/, 'index.mjs'),
).href;

/** Train in a worker thread; the event loop of the caller stays free. */
export function trainOffThread(sets: { danger: readonly DangerSample[]; intents: readonly IntentSample[] }): Promise<LearnedWeights> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { ...sets, tsx: TSX_API, entry: new URL('./train-worker.ts', import.meta.url).href },
    });
    worker.once('message', (weights: LearnedWeights) => {
      resolve(weights);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the triage training worker stopped with code ${code}`));
    });
  });
}
