/**
 * The hub's danger thresholds from a single leave-one-writer-out (lab only): train the hub's model
 * (model/recommended.ts) on all writers but one + the knowledge, score the held-out writer, rotate;
 * then the balanced policy (precision of `now` ≥ 92 %, `maybe` on ≤ 8 % of the non-urgent lines) on
 * the pooled held-out probabilities, for the hub's decision: the model and its split lexicon floor.
 * W trainings instead of the W² of run.ts's nested folds, for a corpus of many writers; the figures printed at the chosen thresholds are slightly optimistic (the
 * thresholds saw every held-out writer), run.ts's nested ones are not.
 *   npx tsx scripts/triage-lab/pooled-thresholds.ts
 * A variant of the model: LAB_BITS=16 (hashed slots), LAB_EPOCHS=16 (danger model's epochs).
 * LAB_POLICY_EXCEPT=av,aw: the policy reads the other writers' folds only (every fold is still trained and
 * shown). With two writers of Arabic in Latin letters, each held out has one other of a different dialect
 * to learn from: their folds measure that transfer, and would set the thresholds of every language.
 * LAB_SENTENCES=max|half: a long message's sentences scored too (tried 2026-12-04, dropped: docs/triage.md).
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { type DangerThresholds, decideDanger, LearnedTriage } from '../../src/triage/model/learned-triage.js';
import { RECOMMENDED_OPTIONS } from '../../src/triage/model/recommended.js';
import { DEFAULT_WEIGHTS } from '../../src/triage/model/training-set.js';
import { type Context, chooseThresholds, corpus, hubTriage, lexiconFloor, type Scored, type ThresholdPolicy, withSplitFloor } from './approaches.js';
import { loadKnowledge, loadVoices, WRITERS, type Writer } from './data.js';
import { type FoldReport, type Prediction, pooled, recallByLocale, score, table } from './metrics.js';

const voices = loadVoices();
const kb = await loadKnowledge();
const OPTIONS = {
  ...RECOMMENDED_OPTIONS,
  ...(process.env.LAB_BITS ? { features: { ...RECOMMENDED_OPTIONS.features, bits: Number(process.env.LAB_BITS) } } : {}),
  ...(process.env.LAB_EPOCHS ? { dangerTrain: { ...RECOMMENDED_OPTIONS.dangerTrain, epochs: Number(process.env.LAB_EPOCHS) } } : {}),
};
const hub = hubTriage(kb);
const detected = new Map<string, string>();
const ctx: Context = {
  voices,
  kb,
  hub,
  locale: (t) => detected.get(t) ?? detected.set(t, hub.detectLocale(t)).get(t)!,
  olderDev: [],
};

/** LAB_SENTENCES=max|half: a long message's sentences are scored too, and P(now) becomes the largest
 * sentence's (max) or halfway between the whole's and it (half), when above the whole's: a danger told
 * late in a long calm message is diluted in the whole's features. Unset: the whole message only. */
const SENTENCES = process.env.LAB_SENTENCES;
function sentenceProbs(model: LearnedTriage, text: string, locale: string): Float64Array {
  const d = model.dangerProbs(text, locale);
  if (!SENTENCES) return d;
  const sentences = text.split(/[.!?;\n]+/).filter((x) => x.trim().split(/\s+/).length >= 3);
  if (sentences.length < 2) return d;
  let best = 0;
  for (const x of sentences) best = Math.max(best, model.dangerProbs(x, locale)[2]!);
  if (best <= d[2]!) return d;
  const out = Float64Array.from(d);
  out[2] = SENTENCES === 'max' ? best : (d[2]! + best) / 2;
  return out;
}

const models = new Map<Writer, LearnedTriage>();
const scored: (Scored & { writer: Writer })[] = [];
const policyExcept = new Set((process.env.LAB_POLICY_EXCEPT ?? '').split(',').filter(Boolean));
// The lexicon's floor of each held-out text, read once for the policy and once more for the table.
const floors = new Map<string, ReturnType<typeof lexiconFloor>>();
const floorOf = (text: string) => (floors.has(text) ? floors.get(text) : floors.set(text, lexiconFloor(text)).get(text));
for (const held of WRITERS) {
  const t0 = performance.now();
  const set = corpus(
    WRITERS.filter((w) => w !== held),
    ctx,
    DEFAULT_WEIGHTS,
  );
  const model = LearnedTriage.train(set.danger, set.intents, OPTIONS);
  models.set(held, model);
  const rows = [
    ...voices.urgency.filter((r) => r.writer === held),
    ...voices.intents.filter((r) => r.writer === held).map((r) => ({ ...r, danger: 'none' as const })),
  ];
  for (const r of rows) {
    const d = sentenceProbs(model, r.text, ctx.locale(r.text));
    // The hub's decision is the model and its split floor: the policy's precision and maybe rate are
    // those of that decision (the floor's own false alarms count against the thresholds).
    const floor = floorOf(r.text);
    scored.push({ writer: held, gold: r.danger, pMaybe: d[1]!, pNow: d[2]!, floor: floor === 'now', floorMaybe: floor !== undefined });
  }
  console.error(`  ${held}: trained on ${set.danger.length} danger examples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// The operating curve around the choice: pooled `now` recall and precision of the model alone.
const nowGold = scored.filter((s) => s.gold === 'now').length;
console.log('| P(now) ≥ | now recall | now precision |\n|---|---|---|');
for (let t = 0.4; t <= 0.705; t += 0.05) {
  const flagged = scored.filter((s) => s.pNow >= t);
  const hit = flagged.filter((s) => s.gold === 'now').length;
  console.log(`| ${t.toFixed(2)} | ${((100 * hit) / nowGold).toFixed(1)} | ${((100 * hit) / Math.max(1, flagged.length)).toFixed(1)} |`);
}

/** The balanced policy: precision of `now` ≥ 92 %, `maybe` on ≤ 8 % of the non-urgent lines. */
const POLICY: ThresholdPolicy = { kind: 'balanced', name: 'balanced', precisionNow: 0.92, maybeOnNone: 0.08 };
const forPolicy = scored.filter((s) => !policyExcept.has(s.writer));
if (policyExcept.size) {
  const all = chooseThresholds(scored, POLICY);
  console.log(
    `the policy reads ${forPolicy.length} of ${scored.length} held-out lines (not ${[...policyExcept].join(', ')}); on all: now ${all.now}, maybe ${all.maybe}`,
  );
}
const thresholds: DangerThresholds = chooseThresholds(forPolicy, POLICY);
console.log(`balanced thresholds on the pooled held-out writers: now ${thresholds.now}, maybe ${thresholds.maybe}`);

/** The hub's decision: the model at the thresholds, with the lexicon's split floor (lexiconFloor, model/cue-flags.ts). */
function classify(model: LearnedTriage, text: string): Prediction {
  const locale = ctx.locale(text);
  const d = sentenceProbs(model, text, locale);
  return { danger: withSplitFloor(decideDanger(d[1]!, d[2]!, thresholds), floorOf(text)), intent: model.classify(text, locale).intent };
}

const folds: FoldReport[] = [];
for (const held of WRITERS) {
  const model = models.get(held)!;
  const urgency = voices.urgency.filter((r) => r.writer === held);
  const intents = voices.intents.filter((r) => r.writer === held);
  const uPred = urgency.map((r) => classify(model, r.text));
  const iPred = intents.map((r) => classify(model, r.text));
  folds.push({ ...score(held, urgency, uPred, intents, iPred), trainMs: 0, perSecond: 0 });
}
console.log(table(folds));
const p = pooled(folds);
console.log(`\nnow recall by locale (pooled): ${recallByLocale(p)}`);
console.log(`now messages not flagged now, by kind (pooled): ${JSON.stringify(p.missesByKind)}`);
