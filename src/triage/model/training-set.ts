/**
 * Builds the learned triage's training sets from the content (knowledge phrases, urgency
 * examples) and labelled lines (the writers' urgency and intent lines), each source weighted.
 */
import type { Danger, DangerSample, IntentSample } from './learned-triage.js';

/** A labelled urgency line: a message, its danger and its contract intent. */
export interface UrgencyLine {
  text: string;
  locale: string;
  danger: Danger;
  intent: string;
}

/** A labelled intent line (never urgent). */
export interface IntentLine {
  text: string;
  locale: string;
  intent: string;
}

/** The content's training material: intent phrases and the urgency file's examples. */
export interface ContentMaterial {
  phrases: readonly IntentLine[];
  urgent: readonly { text: string; locale: string }[];
  notUrgent: readonly { text: string; locale: string }[];
}

/** How much each source weighs (0 drops it). */
export interface SourceWeights {
  /** urgency lines for the danger model (now / maybe / none as labelled). */
  urgencyLines: number;
  /** intent lines as `none` examples for the danger model. */
  intentLinesAsNone: number;
  kbUrgent: number;
  kbNotUrgent: number;
  /** knowledge phrases as `none` examples for the danger model. */
  kbPhrasesAsNone: number;
  /** intent lines for the intent model. */
  intentLines: number;
  /** urgency lines for the intent model (their intents follow the contract's urgent-topic rule). */
  urgencyLinesForIntent: number;
  kbPhrases: number;
}

export const DEFAULT_WEIGHTS: SourceWeights = {
  urgencyLines: 1,
  intentLinesAsNone: 1,
  kbUrgent: 1,
  kbNotUrgent: 1,
  kbPhrasesAsNone: 0.3,
  intentLines: 1,
  urgencyLinesForIntent: 0.7,
  kbPhrases: 1,
};

/** The danger and intent training sets. */
export function buildTrainingSets(
  content: ContentMaterial,
  urgencyLines: readonly UrgencyLine[],
  intentLines: readonly IntentLine[],
  weights: SourceWeights = DEFAULT_WEIGHTS,
): { danger: DangerSample[]; intents: IntentSample[] } {
  const w = weights;
  const danger: DangerSample[] = [
    ...urgencyLines.map((r) => ({ text: r.text, locale: r.locale, danger: r.danger, weight: w.urgencyLines })),
    ...intentLines.map((r) => ({ text: r.text, locale: r.locale, danger: 'none' as const, weight: w.intentLinesAsNone })),
    ...content.urgent.map((r) => ({ text: r.text, locale: r.locale, danger: 'now' as const, weight: w.kbUrgent })),
    ...content.notUrgent.map((r) => ({ text: r.text, locale: r.locale, danger: 'none' as const, weight: w.kbNotUrgent })),
    ...content.phrases.map((r) => ({ text: r.text, locale: r.locale, danger: 'none' as const, weight: w.kbPhrasesAsNone })),
  ].filter((s) => s.weight > 0);
  const intents: IntentSample[] = [
    ...intentLines.map((r) => ({ text: r.text, locale: r.locale, intent: r.intent, weight: w.intentLines })),
    ...urgencyLines.map((r) => ({ text: r.text, locale: r.locale, intent: r.intent, weight: w.urgencyLinesForIntent })),
    ...content.phrases.map((r) => ({ text: r.text, locale: r.locale, intent: r.intent, weight: w.kbPhrases })),
  ].filter((s) => s.weight > 0);
  return { danger, intents };
}
