/**
 * A learned triage: two linear models over one hashed feature vector per message.
 * - danger: 3 classes (none / maybe / now); decision: `now` when P(now) >= thresholds.now,
 *   `maybe` when P(now) + P(maybe) >= thresholds.maybe, else `none`;
 * - intent: 21 classes (softmax), the argmax is the topic.
 * Self-contained: it needs a tokenizer (normalizeTokens from src/triage/normalize.ts) and nothing
 * else from the hub.
 */
import { normalizeTokens } from '../normalize.js';
import { DEFAULT_FEATURES, FeatureExtractor, type FeatureOptions, type Sparse, type TokenPart } from './features.js';
import { DEFAULT_TRAIN, type Example, SoftmaxRegression, type TrainOptions } from './softmax-regression.js';

export type Danger = 'none' | 'maybe' | 'now';
export const DANGER_CLASSES: readonly Danger[] = ['none', 'maybe', 'now'];

export interface DangerThresholds {
  /** P(now) at or above which the message is urgent. */
  now: number;
  /** P(now) + P(maybe) at or above which a non-urgent message is `maybe`. */
  maybe: number;
}

export const DEFAULT_THRESHOLDS: DangerThresholds = { now: 0.5, maybe: 0.2 };

/** A labelled message for the danger model. */
export interface DangerSample {
  text: string;
  locale: string;
  danger: Danger;
  weight?: number;
}

/** A labelled message for the intent model. */
export interface IntentSample {
  text: string;
  locale: string;
  intent: string;
  weight?: number;
}

export interface LearnedTriageOptions {
  features: FeatureOptions;
  /** Features for the intent model; omitted: the danger features are reused (one extraction per message). */
  intentFeatures?: FeatureOptions;
  dangerTrain: TrainOptions;
  intentTrain: TrainOptions;
  thresholds: DangerThresholds;
  /** Class weights for the danger model (multiplied with each sample's weight). */
  dangerClassWeight: Record<Danger, number>;
  /** Weigh intents so each has the same total weight. */
  balanceIntents: boolean;
  tokenize: (text: string) => string[];
}

export const DEFAULT_OPTIONS: LearnedTriageOptions = {
  features: DEFAULT_FEATURES,
  dangerTrain: { ...DEFAULT_TRAIN, epochs: 12 },
  intentTrain: { ...DEFAULT_TRAIN, epochs: 8 },
  thresholds: DEFAULT_THRESHOLDS,
  dangerClassWeight: { none: 1, maybe: 1, now: 1 },
  balanceIntents: true,
  tokenize: normalizeTokens,
};

/** The verdict on one message. */
export interface LearnedVerdict {
  danger: Danger;
  /** P(none), P(maybe), P(now). */
  pNone: number;
  pMaybe: number;
  pNow: number;
  intent: string;
  confidence: number;
  /** Every intent's probability, in `intentIds` order (a shared buffer: copy it to keep it). */
  intentProbs: Float64Array;
}

/** The learned weights of both models, as stored in a model file. */
export interface LearnedWeights {
  danger: { w: Float32Array; b: Float64Array };
  intent: { w: Float32Array; b: Float64Array };
  intentIds: readonly string[];
}

/** Apply the decision rule to the danger probabilities. */
export function decideDanger(pMaybe: number, pNow: number, t: DangerThresholds): Danger {
  if (pNow >= t.now) return 'now';
  if (pNow + pMaybe >= t.maybe) return 'maybe';
  return 'none';
}

export class LearnedTriage {
  private readonly probs3 = new Float64Array(3);
  private readonly probsI: Float64Array;
  /** Danger (3) then intent scores, summed over a message's features before scaling. */
  private readonly sums: Float64Array;
  private readonly intentSums: Float64Array;
  /**
   * Each token part's own scores (danger then intent, unscaled), kept beside the extractor's token
   * cache: a token's ~25 weight rows are read once, not for every message it is in. The rows are
   * scattered over 6 MB of weights, so reading them was ~40 % of a classification.
   */
  private readonly tokenScores = new WeakMap<TokenPart, Float64Array>();

  private constructor(
    readonly opts: LearnedTriageOptions,
    private readonly fx: FeatureExtractor,
    private readonly fxIntent: FeatureExtractor,
    readonly danger: SoftmaxRegression,
    readonly intent: SoftmaxRegression,
    readonly intentIds: readonly string[],
  ) {
    this.probsI = new Float64Array(intentIds.length);
    this.sums = new Float64Array(3 + intentIds.length);
    this.intentSums = this.sums.subarray(3);
  }

  /** Train both models (synchronous). */
  static train(dangerSet: readonly DangerSample[], intentSet: readonly IntentSample[], options: Partial<LearnedTriageOptions> = {}): LearnedTriage {
    const opts: LearnedTriageOptions = { ...DEFAULT_OPTIONS, ...options };
    const fx = new FeatureExtractor(opts.features);
    const fxIntent = opts.intentFeatures ? new FeatureExtractor(opts.intentFeatures) : fx;
    const featurize = (f: FeatureExtractor, text: string, locale: string): Sparse => f.extract(opts.tokenize(text), locale);

    const dangerModel = new SoftmaxRegression(fx.dim, 3);
    const dExamples: Example[] = dangerSet.map((s) => ({
      x: featurize(fx, s.text, s.locale),
      y: DANGER_CLASSES.indexOf(s.danger),
      w: (s.weight ?? 1) * opts.dangerClassWeight[s.danger],
    }));
    dangerModel.train(dExamples, opts.dangerTrain);

    const intentIds = [...new Set(intentSet.map((s) => s.intent))].sort();
    const perIntent = new Map<string, number>();
    for (const s of intentSet) perIntent.set(s.intent, (perIntent.get(s.intent) ?? 0) + (s.weight ?? 1));
    const mean = [...perIntent.values()].reduce((a, b) => a + b, 0) / Math.max(1, perIntent.size);
    // Messages in both sets are featurised once when the extractor is shared.
    const memo = new Map<string, Sparse>();
    if (fxIntent === fx) {
      for (let i = 0; i < dangerSet.length; i++) memo.set(`${dangerSet[i]!.locale}\u0000${dangerSet[i]!.text}`, dExamples[i]!.x);
    }
    const iExamples: Example[] = intentSet.map((s) => ({
      x: memo.get(`${s.locale}\u0000${s.text}`) ?? featurize(fxIntent, s.text, s.locale),
      y: intentIds.indexOf(s.intent),
      w: (s.weight ?? 1) * (opts.balanceIntents ? mean / perIntent.get(s.intent)! : 1),
    }));
    const intentModel = new SoftmaxRegression(fxIntent.dim, intentIds.length);
    intentModel.train(iExamples, opts.intentTrain);
    return new LearnedTriage(opts, fx, fxIntent, dangerModel, intentModel, intentIds);
  }

  /** Danger probabilities [P(none), P(maybe), P(now)] (a shared buffer: copy it to keep it). */
  dangerProbs(text: string, locale = ''): Float64Array {
    return this.danger.predict(this.fx.extract(this.opts.tokenize(text), locale), this.probs3);
  }

  /** A triage from stored weights (see `weights()`), trained earlier with the same options. */
  static restore(weights: LearnedWeights, options: Partial<LearnedTriageOptions> = {}): LearnedTriage {
    const opts: LearnedTriageOptions = { ...DEFAULT_OPTIONS, ...options };
    const fx = new FeatureExtractor(opts.features);
    const fxIntent = opts.intentFeatures ? new FeatureExtractor(opts.intentFeatures) : fx;
    const danger = new SoftmaxRegression(fx.dim, 3, weights.danger.w, weights.danger.b);
    const intent = new SoftmaxRegression(fxIntent.dim, weights.intentIds.length, weights.intent.w, weights.intent.b);
    return new LearnedTriage(opts, fx, fxIntent, danger, intent, weights.intentIds);
  }

  /** Keep between messages only what belongs to these tokens (see FeatureExtractor.keepOnly). */
  keepOnly(words: ReadonlySet<string>): void {
    this.fx.keepOnly(words);
    if (this.fxIntent !== this.fx) this.fxIntent.keepOnly(words);
  }

  /** The learned weights (shared, not copied). */
  weights(): LearnedWeights {
    return { danger: { w: this.danger.w, b: this.danger.b }, intent: { w: this.intent.w, b: this.intent.b }, intentIds: this.intentIds };
  }

  /** Danger and intent of one message. */
  classify(text: string, locale = ''): LearnedVerdict {
    return this.classifyTokens(this.opts.tokenize(text), locale);
  }

  /** Danger and intent of a message already tokenised with `opts.tokenize`. */
  classifyTokens(tokens: readonly string[], locale = ''): LearnedVerdict {
    let d: Float64Array;
    let pi: Float64Array;
    if (this.fxIntent === this.fx) [d, pi] = this.scoreByParts(tokens, locale);
    else {
      d = this.danger.predict(this.fx.extract(tokens, locale), this.probs3);
      pi = this.intent.predict(this.fxIntent.extract(tokens, locale), this.probsI);
    }
    let best = 0;
    for (let k = 1; k < pi.length; k++) if (pi[k]! > pi[best]!) best = k;
    return {
      danger: decideDanger(d[1]!, d[2]!, this.opts.thresholds),
      pNone: d[0]!,
      pMaybe: d[1]!,
      pNow: d[2]!,
      intent: this.intentIds[best]!,
      confidence: pi[best]!,
      intentProbs: pi,
    };
  }

  /** Both models' probabilities by linearity: Σ token parts' kept scores + the rest's, then scaled. */
  private scoreByParts(tokens: readonly string[], locale: string): [Float64Array, Float64Array] {
    const { tokens: parts, restIdx, restVal, scale } = this.fx.extractParts(tokens, locale);
    const sums = this.sums;
    sums.fill(0);
    for (const part of parts) {
      let own = this.tokenScores.get(part);
      if (!own) {
        own = new Float64Array(sums.length);
        const slots = part.idx.map((h) => h & (this.fx.dim - 1));
        this.danger.addScores(slots, part.val, own, 0);
        this.intent.addScores(slots, part.val, own, 3);
        this.tokenScores.set(part, own);
      }
      for (let k = 0; k < sums.length; k++) sums[k]! += own[k]!;
    }
    this.danger.addScores(restIdx, restVal, sums, 0);
    this.intent.addScores(restIdx, restVal, sums, 3);
    return [this.danger.probabilities(sums, scale, this.probs3), this.intent.probabilities(this.intentSums, scale, this.probsI)];
  }

  /** A copy using other decision thresholds (the weights are shared, not copied). */
  withThresholds(thresholds: DangerThresholds): LearnedTriage {
    return new LearnedTriage({ ...this.opts, thresholds }, this.fx, this.fxIntent, this.danger, this.intent, this.intentIds);
  }
}
