/** The approaches the lab compares, each trained on three writers (+ knowledge) and run on the fourth. */
import { LocaleDetector } from '../../src/triage/locale.js';
import { normalizeTokens } from '../../src/triage/normalize.js';
import type { Knowledge, OlderRow, Voices, Writer } from './data.js';
import { cueFlags, lexiconFloor as hubLexiconFloor } from '../../src/triage/model/cue-flags.js';
import { dangerConceptsOf, dangerConceptsV2Of } from '../../src/triage/model/danger-concepts.js';
import { DEFAULT_FEATURES, type FeatureOptions } from '../../src/triage/model/features.js';
import {
  type DangerSample,
  type DangerThresholds,
  decideDanger,
  type IntentSample,
  LearnedTriage,
  type LearnedTriageOptions,
} from '../../src/triage/model/learned-triage.js';
import type { Prediction } from './metrics.js';
import { buildTrainingSets, DEFAULT_WEIGHTS, type SourceWeights } from '../../src/triage/model/training-set.js';

/** Shared, training-independent things: data, the hub triage, the locale each message is detected as. */
export interface Context {
  voices: Voices;
  kb: Knowledge;
  /** The hub's locale detector, trained on the knowledge only (no writer's lines). */
  hub: LocaleOnly;
  /** The hub's locale detection of each voice text (what a learned model would get at run time). */
  locale: (text: string) => string;
  stem?: (token: string, locale: string) => string | undefined;
  olderDev: OlderRow[];
}

export interface Trained {
  name: string;
  classify(text: string, locale: string): Prediction;
  trainMs: number;
  /** The thresholds used (learned approaches). */
  thresholds?: DangerThresholds;
}

export interface Approach {
  name: string;
  fit(train: readonly Writer[], ctx: Context): Trained[];
}

/** The hub's split floor (src/triage/model/cue-flags.ts) of a text: `now`, `maybe`, or none. */
export function lexiconFloor(text: string): 'now' | 'maybe' | undefined {
  return hubLexiconFloor(normalizeTokens(text));
}

/** The cue lexicon's rule verdict alone (no model). */
export function lexiconSaysNow(text: string): boolean {
  return lexiconFloor(text) !== undefined;
}

/** A model's danger with the hub's split floor under it (`floor`: lexiconFloor of the text). */
export function withSplitFloor(danger: Prediction['danger'], floor: ReturnType<typeof lexiconFloor>): Prediction['danger'] {
  if (floor === 'now') return 'now';
  if (floor === 'maybe' && danger === 'none') return 'maybe';
  return danger;
}

/**
 * (a) The hub's triage before the learned model (its figures are kept in docs/triage-lab.md and
 * results/hub-as-is.json): the hub now IS the learned model trained on every writer, so it can no
 * longer be scored on a held-out writer.
 */

/** Training sets for the learned models from the chosen writers and the knowledge. */
export function corpus(writers: readonly Writer[], ctx: Context, weights: SourceWeights): { danger: DangerSample[]; intents: IntentSample[] } {
  const inW = (r: { writer: Writer }) => writers.includes(r.writer);
  return buildTrainingSets(ctx.kb, ctx.voices.urgency.filter(inW), ctx.voices.intents.filter(inW), weights);
}

/**
 * Floors: a message is `now` when the floor says so, whatever the model says (`lexicon`, `hub`);
 * `lexicon-maybe`: a message the lexicon calls urgent is at least `maybe`.
 */
export type Floor = 'none' | 'lexicon' | 'lexicon-maybe' | 'lexicon-split';

function floorOf(kind: Floor, _ctx: Context): ((text: string) => boolean) | undefined {
  if (kind === 'lexicon' || kind === 'lexicon-maybe' || kind === 'lexicon-split') return lexiconSaysNow;
  return undefined;
}

/** How the danger thresholds are chosen. */
export type ThresholdPolicy =
  | { kind: 'fixed'; name: string; thresholds: DangerThresholds }
  /** recall first: the highest thresholds that keep the inner folds' now recall and now-or-maybe recall at the targets. */
  | { kind: 'tuned'; name: string; recallNow: number; recallCaught: number; minNow: number; minMaybe: number }
  /** balanced: the now threshold with the best inner recall at a precision floor; the maybe threshold at a cap on maybe-on-none. */
  | { kind: 'balanced'; name: string; precisionNow: number; maybeOnNone: number };

export interface LearnedSpec {
  name: string;
  features?: Partial<FeatureOptions>;
  /** Use the `natural` stemmers (ctx.stem must be loaded). */
  stems?: boolean;
  /** Use the danger concept lexicon as features. */
  concepts?: boolean;
  conceptPairs?: boolean;
  /** Use the concept lexicon with the concepts added after reading the misses (optimistic). */
  conceptsV2?: boolean;
  corpus?: Partial<SourceWeights>;
  model?: Partial<LearnedTriageOptions>;
  floor?: Floor;
  /** The hub's cue lexicon read as features (model/cue-flags.ts). */
  cues?: boolean;
  /** Older dev sets (dev, dev2, dev3, probes) as extra danger training data, at this weight. */
  olderDev?: number;
  /** One trained variant per policy (the nested scores are shared). */
  policies: ThresholdPolicy[];
}

function buildOptions(spec: LearnedSpec, ctx: Context): Partial<LearnedTriageOptions> {
  const features: FeatureOptions = {
    ...DEFAULT_FEATURES,
    ...spec.features,
    ...(spec.stems ? { stem: ctx.stem } : {}),
    ...(spec.concepts ? { concepts: dangerConceptsOf, conceptPairs: spec.conceptPairs ?? false } : {}),
    ...(spec.conceptsV2 ? { concepts: dangerConceptsV2Of } : {}),
    ...(spec.cues ? { extra: cueFlags, wExtra: 1 } : {}),
  };
  if (spec.stems && !ctx.stem) throw new Error('stemmers not loaded');
  return { ...spec.model, features };
}

/** Danger probabilities of held-out messages, for threshold tuning. */
export interface Scored {
  gold: 'none' | 'maybe' | 'now';
  pMaybe: number;
  pNow: number;
  /** A floor makes it `now` whatever the model says. */
  floor: boolean;
  /** A floor makes it at least `maybe` (the split floor's second half); counted in the maybe rate. */
  floorMaybe?: boolean;
}

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

/** Thresholds from the nested (inner) held-out scores, by policy. */
export function chooseThresholds(scored: readonly Scored[], p: ThresholdPolicy): DangerThresholds {
  if (p.kind === 'fixed') return p.thresholds;
  const now = scored.filter((s) => s.gold === 'now');
  const none = scored.filter((s) => s.gold === 'none');
  if (p.kind === 'balanced') {
    let tNow = 0.99;
    let bestRecall = -1;
    for (const t of GRID) {
      const flagged = scored.filter((s) => s.floor || s.pNow >= t);
      const tp = flagged.filter((s) => s.gold === 'now').length;
      const precision = tp / Math.max(1, flagged.length);
      if (precision >= p.precisionNow && tp > bestRecall) {
        bestRecall = tp;
        tNow = t;
      }
    }
    let tMaybe = tNow;
    for (const t of GRID) {
      if (t > tNow) break;
      const rate = none.filter((s) => !(s.floor || s.pNow >= tNow) && (s.floorMaybe || s.pNow + s.pMaybe >= t)).length / none.length;
      if (rate <= p.maybeOnNone) {
        tMaybe = t;
        break;
      }
    }
    return { now: tNow, maybe: tMaybe };
  }
  let tNow = p.minNow;
  for (const t of GRID) {
    if (t < p.minNow) continue;
    const hit = now.filter((s) => s.floor || s.pNow >= t).length / now.length;
    if (hit >= p.recallNow) tNow = t;
  }
  let tMaybe = p.minMaybe;
  for (const t of GRID) {
    if (t < p.minMaybe) continue;
    const hit = now.filter((s) => s.floor || s.pNow >= tNow || s.pNow + s.pMaybe >= t).length / now.length;
    if (hit >= p.recallCaught) tMaybe = t;
  }
  return { now: tNow, maybe: Math.min(tMaybe, tNow) };
}

/** (b)–(e) A learned model (see model/learned-triage.ts), with an optional floor and thresholds chosen per policy. */
export function learned(spec: LearnedSpec): Approach {
  return {
    name: spec.name,
    fit(train, ctx) {
      const opts = buildOptions(spec, ctx);
      const cw = { ...DEFAULT_WEIGHTS, ...spec.corpus };
      const floorKind = spec.floor ?? 'none';
      const floor = floorOf(floorKind, ctx);
      const toMaybe = floorKind === 'lexicon-maybe';
      const older = spec.olderDev
        ? ctx.olderDev.map((r) => ({
            text: r.text,
            locale: r.locale ?? ctx.locale(r.text),
            danger: r.urgent ? ('now' as const) : ('none' as const),
            weight: spec.olderDev,
          }))
        : [];
      const fitOn = (writers: readonly Writer[]) => {
        const set = corpus(writers, ctx, cw);
        return LearnedTriage.train([...set.danger, ...older], set.intents, opts);
      };
      const started = performance.now();
      const model = fitOn(train);
      const trainMs = performance.now() - started;
      // Nested leave-one-writer-out inside the training writers: the thresholds never see the held-out writer.
      const scored: Scored[] = [];
      if (spec.policies.some((p) => p.kind !== 'fixed')) {
        for (const inner of train) {
          const m = fitOn(train.filter((w) => w !== inner));
          const rows = [
            ...ctx.voices.urgency.filter((r) => r.writer === inner),
            ...ctx.voices.intents.filter((r) => r.writer === inner).map((r) => ({ ...r, danger: 'none' as const })),
          ];
          for (const r of rows) {
            const d = m.dangerProbs(r.text, ctx.locale(r.text));
            // The thresholds are the model's own (as without a floor): the floor's effect is then its marginal effect.
            scored.push({ gold: r.danger, pMaybe: d[1]!, pNow: d[2]!, floor: false });
          }
        }
      }
      return spec.policies.map((policy) => {
        const thresholds = chooseThresholds(scored, policy);
        const m = model.withThresholds(thresholds);
        return {
          name: `${spec.name} @${policy.name}`,
          trainMs,
          thresholds,
          classify(text: string, locale: string): Prediction {
            const v = m.classify(text, locale);
            let danger = v.danger;
            if (floorKind === 'lexicon-split') {
              danger = withSplitFloor(danger, lexiconFloor(text));
            } else if (toMaybe) {
              if (danger === 'none' && floor?.(text)) danger = 'maybe';
            } else if (danger !== 'now' && floor?.(text)) danger = 'now';
            return { danger, intent: v.intent };
          },
        };
      });
    },
  };
}

/** What the lab needs of the hub: its locale detection. */
export interface LocaleOnly {
  detectLocale(text: string, hint?: string): string;
}

/** The hub's locale detector trained on the knowledge phrases only (independent of the writers). */
export function hubTriage(kb: Knowledge): LocaleOnly {
  const samples = [...kb.content.knowledge.values()].flatMap((e) =>
    Object.entries(e.phrases).flatMap(([locale, list]) => list.map((text) => ({ text, locale }))),
  );
  const detector = new LocaleDetector(samples);
  return { detectLocale: (text, hint) => detector.detect(text, hint) };
}

export { decideDanger };
