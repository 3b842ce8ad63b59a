/** The intent classifier: softmax regression over words, character n-grams and multilingual concepts. */
import { INTENT_IDS, type IntentId } from '../core/triage.js';
import type { KnowledgeEntry } from '../content/types.js';
import { extractFeatures, type FeatureVec } from './features.js';
import { type FeatureIndex, SoftmaxModel, type Example, type Sparse } from './softmax.js';

/** One intent with its probability. */
export interface Scored {
  intent: IntentId;
  confidence: number;
}

/** A training phrase after normalisation. */
export interface Phrase {
  tokens: string[];
  intent: IntentId;
  locale: string;
}

/** Collect every training phrase of the knowledge entries (all locales). */
export function phrasesOf(knowledge: Map<IntentId, KnowledgeEntry>, normalize: (t: string) => string[]): Phrase[] {
  const out: Phrase[] = [];
  for (const entry of knowledge.values()) {
    for (const [locale, list] of Object.entries(entry.phrases)) {
      for (const text of list) out.push({ tokens: normalize(String(text)), intent: entry.intent, locale });
    }
  }
  return out;
}

/** Intent classifier trained on the knowledge phrases. */
export class IntentModel {
  private readonly model: SoftmaxModel;

  /** `vocab` may be shared with the urgency model so that a message is indexed once. */
  constructor(phrases: readonly Phrase[], vocab?: FeatureIndex) {
    this.model = new SoftmaxModel(INTENT_IDS.length, vocab);
    // Balance intents so that one with many phrases does not become everyone's default.
    const perIntent = new Map<IntentId, number>();
    for (const p of phrases) perIntent.set(p.intent, (perIntent.get(p.intent) ?? 0) + 1);
    const mean = phrases.length / Math.max(1, perIntent.size);
    const examples: Example[] = phrases.map((p) => ({
      x: extractFeatures(p.tokens),
      label: INTENT_IDS.indexOf(p.intent),
      weight: mean / perIntent.get(p.intent)!,
    }));
    this.model.train(examples, { epochs: 7, learningRate: 0.9, l2: 5e-5, seed: 3 });
  }

  /** Intents sorted by probability, best first, from a message's features. */
  rank(x: FeatureVec): Scored[] {
    return this.ranked(this.model.predict(x));
  }

  /** Same as `rank`, for a message indexed with the shared vocabulary. */
  rankSparse(x: Sparse): Scored[] {
    return this.ranked(this.model.predictSparse(x));
  }

  /** Intent probabilities (in `INTENT_IDS` order) for a message indexed with the shared vocabulary. */
  probsSparse(x: Sparse): Float64Array {
    return this.model.predictSparse(x);
  }

  private ranked(probs: Float64Array): Scored[] {
    return INTENT_IDS.map((intent, i) => ({ intent, confidence: probs[i]! })).sort((a, b) => b.confidence - a.confidence);
  }
}
