/** Builds the triage from content: trains locale, intent and urgency models synchronously. */
import type { Content } from '../content/types.js';
import { INTENT_IDS, type IntentId, type Triage, type TriageResult } from '../core/triage.js';
import { IntentModel, phrasesOf, type Scored } from './intent-model.js';
import { LocaleDetector } from './locale.js';
import { encodeVec, FeatureIndex } from './softmax.js';
import { normalizeTokens } from './normalize.js';
import { prepareTokens, UrgencyDetector, type Prepared, type UrgencyVerdict } from './urgency.js';
import { urgentIntent } from './urgency-cues.js';

/** The intents an urgent message may keep from the classifier (the contract's urgent topics). */
const URGENT_TOPICS: ReadonlySet<IntentId> = new Set(['violences', 'cambriolage', 'harcelement']);
const MAX_ALTERNATIVES = 3;
const MIN_ALTERNATIVE = 0.03;

/** A triage with a few extras for diagnostics and other modules. */
export interface RelaisTriage extends Triage {
  /** The locale of `text`; `hint` decides short or unsure cases. */
  detectLocale(text: string, hint?: string): string;
  /** The urgency verdict with its cues (why a message is or is not urgent). */
  assessUrgency(text: string): UrgencyVerdict;
  /** How long training took, in milliseconds. */
  readonly trainingMs: number;
}

function prepare(text: string): Prepared {
  return prepareTokens(normalizeTokens(text));
}

/** The best intents other than `chosen`, most likely first, each at least `MIN_ALTERNATIVE` (no full sort). */
function alternativesOf(probs: Float64Array, chosen: number): Scored[] {
  const picked: number[] = [];
  for (let n = 0; n < MAX_ALTERNATIVES; n++) {
    let best = -1;
    for (let i = 0; i < probs.length; i++) {
      if (i === chosen || picked.includes(i) || probs[i]! < MIN_ALTERNATIVE) continue;
      if (best < 0 || probs[i]! > probs[best]!) best = i;
    }
    if (best < 0) break;
    picked.push(best);
  }
  return picked.map((i) => ({ intent: INTENT_IDS[i]!, confidence: round(probs[i]!) }));
}

function argmax(probs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Train a triage on the knowledge phrases and urgency examples (synchronous, well under a second). */
export function createTriage(content: Pick<Content, 'knowledge' | 'urgency'>): RelaisTriage {
  const started = performance.now();
  const phrases = phrasesOf(content.knowledge, normalizeTokens);
  // One vocabulary for the intent and urgency models: each message is indexed once, not twice.
  const vocab = new FeatureIndex();
  const intents = new IntentModel(phrases, vocab);
  const localeSamples: { text: string; locale: string }[] = [];
  for (const entry of content.knowledge.values()) {
    for (const [locale, list] of Object.entries(entry.phrases)) for (const t of list) localeSamples.push({ text: String(t), locale });
  }
  for (const side of [content.urgency.urgent, content.urgency.notUrgent]) {
    for (const [locale, list] of Object.entries(side)) for (const t of list) localeSamples.push({ text: String(t), locale });
  }
  const locales = new LocaleDetector(localeSamples);
  const urgency = new UrgencyDetector(
    content.urgency,
    phrases.map((p) => prepareTokens(p.tokens)),
    prepare,
    vocab,
  );
  const trainingMs = performance.now() - started;

  function classify(text: string, localeHint?: string): TriageResult {
    const locale = locales.detect(text, localeHint);
    const p = prepare(text);
    if (p.tokens.length === 0) return { urgent: false, intent: 'autre', confidence: 0, locale, alternatives: [] };
    const x = encodeVec(vocab, p.x);
    const probs = intents.probsSparse(x);
    const verdict = urgency.assess(p, x);
    const top = argmax(probs);
    const topIntent = INTENT_IDS[top]!;
    if (!verdict.urgent) {
      return { urgent: false, intent: topIntent, confidence: round(probs[top]!), locale, alternatives: alternativesOf(probs, top) };
    }
    // Urgent: the contract fixes the intent from the kind of danger; the classifier only breaks ties.
    const fromCues = urgentIntent(verdict.cues);
    const intent = fromCues ?? (URGENT_TOPICS.has(topIntent) ? topIntent : 'autre');
    const chosen = INTENT_IDS.indexOf(intent);
    const confidence = fromCues ? 1 : round(probs[chosen] ?? verdict.score);
    return { urgent: true, intent, confidence, locale, alternatives: alternativesOf(probs, chosen) };
  }

  return {
    classify,
    detectLocale: (text, hint) => locales.detect(text, hint),
    assessUrgency: (text) => urgency.assess(prepare(text)),
    trainingMs,
  };
}
