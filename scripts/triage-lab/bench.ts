/**
 * Training time and throughput of the recommended model trained on everything (four voices +
 * knowledge), in one process, against today's triage.
 *   npx tsx scripts/triage-lab/bench.ts
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { hubTriage } from './approaches.js';
import { loadKnowledge, loadVoices } from './data.js';
import { LearnedTriage } from '../../src/triage/model/learned-triage.js';
import { FAST_OPTIONS, RECOMMENDED_OPTIONS } from '../../src/triage/model/recommended.js';
import { loadStemmers } from './stemmers.js';
import { buildTrainingSets } from '../../src/triage/model/training-set.js';

const voices = loadVoices();
const kb = await loadKnowledge();
const sets = buildTrainingSets(kb, voices.urgency, voices.intents);
const texts = [...voices.urgency, ...voices.intents].map((r) => r.text);

const t0 = performance.now();
const hub = hubTriage(kb);
const hubMs = performance.now() - t0;
const locales = texts.map((t) => hub.detectLocale(t));

const times: number[] = [];
let model: LearnedTriage | undefined;
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  model = LearnedTriage.train(sets.danger, sets.intents, RECOMMENDED_OPTIONS);
  times.push(performance.now() - s);
}
const m = model!;

function rate(f: (i: number) => unknown): number {
  for (let i = 0; i < texts.length; i++) f(i); // warm-up
  let n = 0;
  const s = performance.now();
  while (performance.now() - s < 2000) {
    for (let i = 0; i < texts.length; i++) f(i);
    n += texts.length;
  }
  return (n * 1000) / (performance.now() - s);
}
const fastTimes: number[] = [];
let fast: LearnedTriage | undefined;
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  fast = LearnedTriage.train(sets.danger, sets.intents, FAST_OPTIONS);
  fastTimes.push(performance.now() - s);
}
const stems = await loadStemmers();
console.log(`training set: ${sets.danger.length} danger examples, ${sets.intents.length} intent examples`);
console.log(`recommended model training: ${times.map((t) => t.toFixed(0)).join(' / ')} ms (3 runs)`);
console.log(`fast variant (no cue flags) training: ${fastTimes.map((t) => t.toFixed(0)).join(' / ')} ms (3 runs)`);
console.log(`fast variant, classify: ${rate((i) => fast!.classify(texts[i]!, locales[i])).toFixed(0)} /s`);
console.log(`today's triage training (createTriage): ${hubMs.toFixed(0)} ms`);
console.log(`natural stemmers import: ${stems.importMs.toFixed(0)} ms`);
console.log(`recommended model, classify: ${rate((i) => m.classify(texts[i]!, locales[i])).toFixed(0)} /s`);
console.log(`recommended model + locale detection: ${rate((i) => m.classify(texts[i]!, hub.detectLocale(texts[i]!))).toFixed(0)} /s`);
console.log(
  `(messages: ${texts.length}, mean length ${(texts.reduce((a, t) => a + t.length, 0) / texts.length).toFixed(0)} chars; load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)})`,
);
