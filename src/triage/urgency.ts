/** The urgency detector: cue rules for recall, a trained model for phrasing the rules do not list. */
import type { UrgencyExamples } from '../content/types.js';
import { extractFeatures, normalizeBag, type FeatureBag } from './features.js';
import { SoftmaxModel, type Example } from './softmax.js';
import { cueFeatures, readCues, ruleSaysUrgent, type UrgencyCues } from './urgency-cues.js';

/** The detector's verdict on one message, with the cues behind it (useful for tests and logs). */
export interface UrgencyVerdict {
  urgent: boolean;
  /** Model probability that the message is urgent (0..1). */
  score: number;
  cues: UrgencyCues;
}

/** Thresholds chosen on the dev pairs (test/data/triage/urgency-dev.jsonl), never on the test pairs. */
export const URGENCY_THRESHOLDS = {
  /** Model probability that makes a message urgent when the rules found no danger word. */
  rescue: 0.8,
  /** Below this the model may overrule a rule that fired (kept very low: recall first). */
  veto: 0.02,
};

const CUE_WEIGHT = 0.6;

function urgencyBag(base: FeatureBag, cues: UrgencyCues): FeatureBag {
  const bag = new Map(base);
  // Cue features are added after normalisation so their weight does not shrink in long messages.
  for (const f of cueFeatures(cues)) bag.set(f, CUE_WEIGHT);
  return bag;
}

/** Tokens, normalised text and feature bag of a message, computed once and shared by the models. */
export interface Prepared { tokens: string[]; norm: string; bag: FeatureBag }

/** Prepare tokens for both models (the bag is unit-normalised). */
export function prepareTokens(tokens: string[]): Prepared {
  return { tokens, norm: tokens.join(' '), bag: normalizeBag(extractFeatures(tokens)) };
}

/** Trained urgency detector. */
export class UrgencyDetector {
  private readonly model = new SoftmaxModel(2);

  /**
   * `examples` are the urgency file's messages; `negatives` are ordinary messages (the intent
   * phrases), given a small weight: they teach the model what everyday questions look like.
   */
  constructor(examples: UrgencyExamples, negatives: readonly Prepared[], prepare: (t: string) => Prepared) {
    const data: Example[] = [];
    const push = (p: Prepared, label: number, weight: number) =>
      data.push({ bag: urgencyBag(p.bag, readCues(p.norm)), label, weight });
    for (const list of Object.values(examples.urgent)) for (const t of list) push(prepare(t), 1, 2);
    for (const list of Object.values(examples.notUrgent)) for (const t of list) push(prepare(t), 0, 1.5);
    // Every third ordinary phrase is enough to show what everyday questions look like, at a third of the cost.
    negatives.forEach((p, i) => { if (i % 3 === 0) push(p, 0, 0.6); });
    this.model.train(data, { epochs: 6, learningRate: 0.5, l2: 1e-4, seed: 11 });
  }

  /** Decide whether a prepared message describes a danger now. */
  assess(p: Prepared): UrgencyVerdict {
    const cues = readCues(p.norm);
    const score = this.model.predict(urgencyBag(p.bag, cues))[1]!;
    const rule = ruleSaysUrgent(cues);
    let urgent: boolean;
    if (rule) urgent = score >= URGENCY_THRESHOLDS.veto;
    else {
      const blocked = cues.joke || cues.hypothetical || cues.past || cues.over;
      urgent = !blocked && score >= URGENCY_THRESHOLDS.rescue;
    }
    return { urgent, score, cues };
  }
}
