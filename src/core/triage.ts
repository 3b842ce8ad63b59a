/** The triage port: one citizen message in, urgency and intent out (see shared triage contract). */

/** Intent ids, exactly as in the triage contract. */
export const INTENT_IDS = [
  'attestation',
  'plainte',
  'main_courante',
  'fraude_carte',
  'arnaque_en_ligne',
  'contenu_illicite',
  'violences',
  'harcelement',
  'perte_papiers',
  'vol',
  'cambriolage',
  'voisinage',
  'stupefiants',
  'commissariat',
  'permis_amende',
  'voyage',
  'recrutement',
  'hors_perimetre',
  'agent',
  'salutation',
  'autre',
] as const;

export type IntentId = (typeof INTENT_IDS)[number];

// Intents that name no matter: asking for a person, a greeting, something unclassified.
const NOT_A_TOPIC: ReadonlySet<string> = new Set(['autre', 'agent', 'salutation']);

/** A conversation's topic after a message triaged as `intent`: a vague one ("autre") never erases the
 * topic known, and asking for a person or greeting never erases a real one (a victim who described
 * violence, then asked for an officer, still needs an officer trained for it: skills routing). */
export function nextTopic(current: string | undefined, intent: string): string {
  if (intent === 'autre') return current ?? intent;
  if (NOT_A_TOPIC.has(intent) && current && !NOT_A_TOPIC.has(current)) return current;
  return intent;
}

/** Locales the hub triages and answers in (French first). */
export const SUPPORTED_LOCALES = ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'] as const;

/** How sure the triage is that the writer is in danger now (see the triage contract). */
export type Danger = 'now' | 'maybe' | 'none';

export interface TriageResult {
  /** Exactly `danger === 'now'`. */
  urgent: boolean;
  /** `maybe`: the bot shows the emergency numbers and asks whether the writer is in danger now. */
  danger: Danger;
  intent: IntentId;
  /** 0..1: how sure the classifier is of `intent`. */
  confidence: number;
  locale: string;
  /** The next most likely intents, best first (for the clarifying question). */
  alternatives: { intent: IntentId; confidence: number }[];
}

export interface Triage {
  classify(text: string, localeHint?: string): TriageResult;
  /** `classify` when the text alone decides its locale, so that no hint could change the verdict; undefined
   * when one could (a short or uncertain text): the hub then reads the conversation's locale first. */
  classifyAlone(text: string): TriageResult | undefined;
  /** The language alone (what `classify` reports as `locale`), without the danger and topic models. */
  detectLocale(text: string, localeHint?: string): string;
}

/** True when `value` is one of the contract's intent ids. */
export function isIntentId(value: string): value is IntentId {
  return (INTENT_IDS as readonly string[]).includes(value);
}
