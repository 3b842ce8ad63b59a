/** Builds the triage from content: trains locale, intent and urgency models synchronously. */
import type { Content } from '../content/types.js';
import type { IntentId, Triage, TriageResult } from '../core/triage.js';
import { IntentModel, phrasesOf, type Scored } from './intent-model.js';
import { LocaleDetector } from './locale.js';
import { encodeBag } from './softmax.js';
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

function alternativesOf(ranked: Scored[], chosen: IntentId): Scored[] {
  return ranked
    .filter((s) => s.intent !== chosen && s.confidence >= MIN_ALTERNATIVE)
    .slice(0, MAX_ALTERNATIVES)
    .map((s) => ({ intent: s.intent, confidence: round(s.confidence) }));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Train a triage on the knowledge phrases and urgency examples (synchronous, well under a second). */
export function createTriage(content: Pick<Content, 'knowledge' | 'urgency'>): RelaisTriage {
  const started = performance.now();
  const phrases = phrasesOf(content.knowledge, normalizeTokens);
  // One vocabulary for the intent and urgency models: each message is indexed once, not twice.
  const vocab = new Map<string, number>();
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
    const x = encodeBag(vocab, p.bag);
    const ranked = intents.rankSparse(x);
    const verdict = urgency.assess(p, x);
    const top = ranked[0]!;
    if (!verdict.urgent) {
      return { urgent: false, intent: top.intent, confidence: round(top.confidence), locale, alternatives: alternativesOf(ranked, top.intent) };
    }
    // Urgent: the contract fixes the intent from the kind of danger; the classifier only breaks ties.
    const fromCues = urgentIntent(verdict.cues);
    const intent = fromCues ?? (URGENT_TOPICS.has(top.intent) ? top.intent : 'autre');
    const confidence = fromCues ? 1 : round(ranked.find((s) => s.intent === intent)?.confidence ?? verdict.score);
    return { urgent: true, intent, confidence, locale, alternatives: alternativesOf(ranked, intent) };
  }

  return {
    classify,
    detectLocale: (text, hint) => locales.detect(text, hint),
    assessUrgency: (text) => urgency.assess(prepare(text)),
    trainingMs,
  };
}
