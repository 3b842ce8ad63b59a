/** What the content editors write in flows/ and knowledge/, once loaded and validated. */
import type { Corpus } from './corpus.js';
import type { IntentId } from '../core/triage.js';
import type { LegalPage, LegalPageName } from './legal-pages.js';

/** Text in several locales; `fr` is required, the others fall back to English then French. Where the
 * content offers it (steps, answers, phrases), `fr_falc` is the French in easy-to-read (FALC). */
export type LocalizedText = Record<string, string>;

export interface LocalizedLink {
  label: LocalizedText;
  url: string;
}

/** A tappable choice in a flow step: exactly one of goto / answer / handoff / appointment. */
export interface FlowChoice {
  id: string;
  label: LocalizedText;
  goto?: string;
  answer?: IntentId;
  handoff?: boolean;
  /** "Prendre rendez-vous": station, half-day, then the request to the agents (flows/appointment-dialogue.ts). */
  appointment?: boolean;
}

/** One step of the dialogue: something to say, and optional choices. */
export interface FlowStep {
  id: string;
  say: LocalizedText;
  choices: FlowChoice[];
  links: LocalizedLink[];
  /** Where the step is defined, for error messages. */
  source: string;
}

/** The dialogue graph: all steps from every flows/*.yaml, ids global. */
export interface Flow {
  start: string;
  steps: Map<string, FlowStep>;
}

/** A narrower answer inside an intent (`answers:` in its file): chosen when the citizen's words are
 * close enough to one of its phrases (src/flows/sub-answers.ts); the intent's answer is said otherwise. */
export interface SubAnswer {
  id: string;
  title: LocalizedText;
  answer: LocalizedText;
  links: LocalizedLink[];
  /** How citizens ask for it, per locale: what the matcher compares their message with (not triage training). */
  phrases: Record<string, string[]>;
}

/** One knowledge entry per intent: the answer shown to the citizen and the training phrases. */
export interface KnowledgeEntry {
  intent: IntentId;
  title: LocalizedText;
  answer: LocalizedText;
  links: LocalizedLink[];
  /** Narrower answers picked by the citizen's words (empty: the intent's answer is always said). */
  answers: SubAnswer[];
  /** The intent's own answer is a question ("could you say more?"): said when no sub-answer matches,
   * with "talk to an officer" instead of "did it help?"; a second such message goes to an agent. */
  clarifies: boolean;
  /** Training phrases per locale for the intent classifier. */
  phrases: Record<string, string[]>;
  /** When true the bot hands the conversation to an agent after answering (e.g. `agent`). */
  handoff: boolean;
  /** False for a conversation move rather than a question (a greeting, "talk to an officer"):
   * the help centre neither lists nor finds it. */
  help: boolean;
  source: string;
}

/** Urgency training data: messages describing danger now, and look-alikes that are not. */
export interface UrgencyExamples {
  urgent: Record<string, string[]>;
  notUrgent: Record<string, string[]>;
  source: string;
}

/** Short canned answers agents can insert from the console. */
export interface CannedAnswer {
  id: string;
  /** Groups answers in the agents' list ("Accueil", "Orientation"...); none: "other". */
  category?: string;
  /** The text in each language it is written in; the console offers it in conversations in those. */
  text: LocalizedText;
  links: LocalizedLink[];
}

/** Days of the week as editors write them in flows/service.yaml, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening range of a day, in minutes after local midnight (`to` may be 1440: "24:00"). */
export interface OpeningRange {
  from: number;
  to: number;
}

/** A notice shown first in every new conversation and in the widget, until `until` (an instant, ms). */
export interface Announcement {
  id: string;
  text: LocalizedText;
  links: LocalizedLink[];
  until?: number;
}

/** The service's hours, closed days and announcements (flows/service.yaml). */
export interface ServiceSettings {
  /** IANA time zone the hours and dates are read in. */
  timezone: string;
  /** Opening ranges per weekday, sorted and not overlapping; a day without ranges is closed. */
  hours: Record<Weekday, OpeningRange[]>;
  /** Local days (YYYY-MM-DD) closed all day whatever the weekday says. */
  closed: Set<string>;
  announcements: Announcement[];
}

/** Which skills a conversation needs (knowledge/routing.yaml): automatic assignment gives it only to
 * an agent with all of them while one is available; when the skilled agents on duty are all at
 * capacity, to the closest match after `fallbackSeconds` (urgent: at once); with none on duty, at once. */
export interface RoutingRules {
  /** Skills an intent needs (e.g. violences → vss). */
  intents: Partial<Record<IntentId, string[]>>;
  /** Skills a conversation's language needs (e.g. ar → ar). */
  locales: Record<string, string[]>;
  /** How long a non-urgent conversation waits for a busy skilled agent before another may get it. */
  fallbackSeconds: number;
  /** Skills whose conversations go ahead of the other non-urgent ones in the queue (e.g. vss). */
  ahead: string[];
  source: string;
}

/** Everything loaded from a content directory. */
export interface Content {
  dir: string;
  flow: Flow;
  /** System phrases (flows/phrases.yaml), used through i18next. */
  phrases: Record<string, LocalizedText>;
  knowledge: Map<IntentId, KnowledgeEntry>;
  urgency: UrgencyExamples;
  /** Labelled examples in many voices (`knowledge/corpus/`), the triage's main training data. */
  corpus: Corpus;
  canned: CannedAnswer[];
  /** Hours and announcements (flows/service.yaml; absent file: always open, nothing announced). */
  service: ServiceSettings;
  /** Skills routing (no skills needed when knowledge/routing.yaml is absent). */
  routing: RoutingRules;
  /** The web chat's own words (flows/widget.yaml), per key, in the seven languages. */
  widget: Record<string, LocalizedText>;
  /** The legal notice, personal data and accessibility pages (flows/pages/*.yaml). */
  pages: Map<LegalPageName, LegalPage>;
  /** A short hash of the loaded files, to tell versions apart in logs and /health. */
  version: string;
}

/** A problem an editor can fix, located at file:line. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}
