/** Triage: danger level, intent and locale of a citizen message (see docs/triage.md). */
export { createTriage, trainModelFile, trainingSetsOf } from './create-triage.js';
export type { DangerReading, RelaisTriage, TriageMaterial, TriageOptions } from './create-triage.js';
export { detectLocale, isLocale, LocaleDetector } from './locale.js';
export type { Locale } from './locale.js';
export { normalizeText, normalizeTokens } from './normalize.js';
export { readCues, ruleSaysUrgent, urgentIntent } from './urgency-cues.js';
export type { UrgencyCues } from './urgency-cues.js';
export type { DangerKind } from './urgency-lexicon.js';
export { loadTriageContent } from './triage-content.js';
