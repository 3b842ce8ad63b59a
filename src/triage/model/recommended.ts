/**
 * The configuration the lab recommends (see docs/triage-lab.md): char 2–5 n-grams inside words,
 * words, word bigrams, the danger concept lexicon and the hub's cue flags as features, 2^18
 * hashed slots shared by both models, SGD softmax (12 epochs for danger, 8 for intents), and the
 * danger thresholds of the balanced policy (precision of now ≥ 92 %, maybe on ≤ 8 % of non-urgent
 * messages) for the hub's whole decision — the model and its split lexicon floor — on the pooled
 * held-out probabilities of a leave-one-writer-out over the forty-nine writers, the four of Arabic in Latin
 * letters aside (scripts/triage-lab/pooled-thresholds.ts, LAB_POLICY_EXCEPT=av,aw,ax,ay): 0.50 / 0.24. How the choice moved with each corpus is in
 * docs/triage.md ("Thresholds", "Leave one writer out").
 */
import { cueFlags } from './cue-flags.js';
import { dangerConceptsOf } from './danger-concepts.js';
import { DEFAULT_FEATURES, type FeatureOptions } from './features.js';
import { type DangerSample, DEFAULT_OPTIONS, type DangerThresholds, type IntentSample, LearnedTriage, type LearnedTriageOptions } from './learned-triage.js';

// 2^18 slots, not 2^16: with thirty-one writers the n-grams outnumber 2^16 slots many times over, and
// leave-one-writer-out moved up the whole curve (at P(now) ≥ 0.45: recall 94.6 → 95.2 %, precision
// 91.5 → 92.1 %); the price is a 25 MB model instead of 6 MB.
export const RECOMMENDED_FEATURES: FeatureOptions = { ...DEFAULT_FEATURES, bits: 18, concepts: dangerConceptsOf, extra: cueFlags, wExtra: 1 };

/** Decision thresholds on P(now) and P(now) + P(maybe). */
export const RECOMMENDED_THRESHOLDS: DangerThresholds = { now: 0.5, maybe: 0.24 };

export const RECOMMENDED_OPTIONS: LearnedTriageOptions = { ...DEFAULT_OPTIONS, features: RECOMMENDED_FEATURES, thresholds: RECOMMENDED_THRESHOLDS };

/**
 * The same without the cue flags (the hub's lexicon regexes cost ~70 µs a message): about twice
 * as fast, 2.2 points less now recall on unseen writers (see docs/triage-lab.md); thresholds:
 * the rounded mean of its nested balanced thresholds (0.56 / 0.12).
 */
export const FAST_OPTIONS: LearnedTriageOptions = {
  ...RECOMMENDED_OPTIONS,
  features: { ...DEFAULT_FEATURES, concepts: dangerConceptsOf },
  thresholds: { now: 0.55, maybe: 0.1 },
};

/** Train the recommended triage (synchronous; ~2.5 s for the ~15,700 examples of the four voices + knowledge). */
export function trainRecommended(danger: readonly DangerSample[], intents: readonly IntentSample[]): LearnedTriage {
  return LearnedTriage.train(danger, intents, RECOMMENDED_OPTIONS);
}
