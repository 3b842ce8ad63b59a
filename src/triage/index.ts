/** Triage: urgency detection, intent classification and locale detection for citizen messages. */
export { createTriage } from './create-triage.js';
export type { RelaisTriage } from './create-triage.js';
export { detectLocale, isLocale, LocaleDetector } from './locale.js';
export type { Locale } from './locale.js';
export { normalizeText, normalizeTokens } from './normalize.js';
export { readCues, ruleSaysUrgent, urgentIntent } from './urgency-cues.js';
export type { UrgencyCues } from './urgency-cues.js';
export type { DangerKind } from './urgency-lexicon.js';
export type { UrgencyVerdict } from './urgency.js';
export { loadTriageContent } from './triage-content.js';
