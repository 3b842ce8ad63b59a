/** The dialogue: (content, state, citizen event) → (new state, replies, maybe a hand-off).
 * Pure: no I/O, so every path is table-testable. */
import type { Choice, Link } from '../core/messages.js';
import type { IntentId, TriageResult } from '../core/triage.js';
import type { Content, FlowStep, KnowledgeEntry, LocalizedLink, SubAnswer } from '../content/types.js';
import { baseLocale, pickText, type Phrases } from '../i18n/phrases.js';
import { AppointmentDialogue, type AppointmentRequest } from './appointment-dialogue.js';
import { matchSubAnswer } from './sub-answers.js';

/** What the bot says; the hub stores it and the channel renders it. */
export interface Reply {
  text: string;
  choices?: Choice[];
  links?: Link[];
  /** Carries the emergency numbers: channels show it first and prominently. */
  urgent?: true;
}

/** What the triage read in the message whose danger the bot asked about, kept until the answer. */
export type HeldTriage = Pick<TriageResult, 'intent' | 'confidence' | 'alternatives' | 'locale'> & {
  /** The sub-answer its words asked for (the text itself is not kept in the state). */
  subAnswer?: string;
};

/** What the citizen typed, for picking a sub-answer: the text, or the sub-answer it already picked. */
interface Words {
  text?: string;
  subAnswer?: string;
}

/** The part of a conversation the dialogue reads and writes. */
export interface DialogueState {
  step: string;
  pending?: DialoguePending;
  offered: string[];
  clarifyCount: number;
  locale: string;
  /** While `pending` is `danger`: the triage of the message the question is about. */
  held?: HeldTriage;
  /** While the citizen asks for an appointment (`pending` is `appointment_*`): what they chose so far. */
  appointment?: AppointmentRequest;
  /** The citizen chose easy-to-read French (FALC): texts that have it are said so while `locale` is French. */
  easyRead?: boolean;
}

/** Who reads a text: their language, and whether they chose easy-to-read French. */
type Reader = Pick<DialogueState, 'locale' | 'easyRead'>;

/** What the bot's last question waits for, beyond the step's own choices. */
export type DialoguePending = 'feedback' | 'clarify' | 'survey' | 'danger' | 'place' | 'appointment_place' | 'appointment_station' | 'appointment_half_day';

/** What the bot asked for itself: a place, a station, a half-day. */
const ANSWERS_A_QUESTION = new Set<DialoguePending | undefined>(['place', 'appointment_place', 'appointment_station', 'appointment_half_day']);

export type DialogueEvent =
  | { kind: 'start' }
  /** `first`: the citizen's first message, in a conversation whose welcome is already on screen. */
  | { kind: 'text'; text: string; triage: TriageResult; first?: boolean }
  | { kind: 'choice'; choiceId: string }
  | { kind: 'media' };

/** What the hub looked up before the turn (the engine does no I/O): see src/hub/station-lookups.ts. */
export interface DialogueLookups {
  /** Stations are imported: "where is the station?" asks for a postcode or a commune. */
  stationsAvailable?: boolean;
  /** While the bot waits for a place: the nearest stations to what the citizen wrote, as a reply;
   * null when no station matches it. */
  nearby?: Reply | null;
  /** While the bot waits for the place of an appointment: the nearest stations to pick from (none: not found). */
  stationChoices?: { id: string; name: string; label: string }[];
}

export type HandoffReason = 'asked' | 'unresolved' | 'not_helped' | 'urgent';

export interface DialogueOutcome {
  state: DialogueState;
  replies: Reply[];
  handoff?: { intent: string; reason: HandoffReason };
  /** The citizen's rating (1..5) when they answered the survey. */
  survey?: number;
  /** The citizen said the bot's answer helped (a conversation settled by the bot). */
  helped?: boolean;
  /** The intent the bot answered, for statistics. */
  answered?: IntentId;
  /** Internal notes for the agents (never shown to the citizen), stored before the replies. */
  notes?: string[];
}

// Synthetic choice ids; flow choice ids never contain a dot (the loader enforces [a-z0-9_-]).
const MENU = 'menu';
const FEEDBACK_YES = 'feedback.yes';
const FEEDBACK_NO = 'feedback.no';
const CLARIFY_NONE = 'clarify.none';
const CLARIFY_AGENT = 'clarify.agent';
const INTENT_PREFIX = 'intent.';
const SURVEY_PREFIX = 'survey.';
const DANGER_YES = 'danger.yes';
const DANGER_NO = 'danger.no';
/** "Texte facile à lire" / "Texte habituel": offered with the welcome's choices in French. */
const EASY_READ_ON = 'read.easy';
const EASY_READ_OFF = 'read.usual';
/** Intents that make poor clarifying options: they are not topics. */
const NOT_A_TOPIC = new Set(['salutation', 'agent', 'autre']);
/** The topic answered with the nearest stations, once the citizen has said where they are. */
const PLACE_INTENT: IntentId = 'commissariat';

/** Runs the dialogue over validated content. */
export class FlowEngine {
  private readonly appointments = new AppointmentDialogue({ t: (key, locale, vars) => this.phrases.t(key, locale, vars), menu: { id: MENU } });

  constructor(
    private readonly content: Content,
    private readonly phrases: Phrases,
    /** `facts`: values the hub fills into step texts, e.g. {{retention_hours}} in the privacy sentence. */
    private readonly options: { confidenceThreshold: number; facts?: Record<string, string | number> },
  ) {}

  /** The first bot message of a conversation (`easyRead`: the citizen chose easy-to-read French). */
  welcome(locale: string, reading: { easyRead?: boolean } = {}): DialogueOutcome {
    return this.showStep({ ...this.initialState(locale), ...(reading.easyRead ? { easyRead: true } : {}) }, this.content.flow.start);
  }

  /** The citizen switched easy-to-read French on or off outside a turn (the web chat's toggle): while
   * the bot waits for nothing but a menu choice, the menu is shown again in the new reading; else
   * only the state changes (the danger question, a place asked for... stay as they are). */
  changeReading(state: DialogueState, easyRead: boolean): DialogueOutcome {
    const changed = { ...state, easyRead };
    const idle = !state.pending || state.pending === 'feedback';
    if (!idle || baseLocale(state.locale) !== 'fr') return { state: changed, replies: [] };
    return this.showStep(changed, this.content.flow.steps.has(state.step) ? state.step : this.content.flow.start);
  }

  /** A fresh state at the start step. */
  initialState(locale: string): DialogueState {
    return { step: this.content.flow.start, offered: [], clarifyCount: 0, locale };
  }

  /** The closing survey question (after an agent or the citizen ends the conversation). */
  survey(state: DialogueState): DialogueOutcome {
    const choices = [1, 2, 3, 4, 5].map((n) => ({ id: `${SURVEY_PREFIX}${n}`, label: String(n) }));
    return {
      state: { ...state, pending: 'survey', offered: choices.map((c) => c.id) },
      replies: [{ text: this.t('conversation_closed', state) }, { text: this.t('survey_question', state), choices }],
    };
  }

  /** Handles one citizen event in the state left by the previous one, with what the hub looked up. */
  handle(state: DialogueState, event: DialogueEvent, lookups: DialogueLookups = {}): DialogueOutcome {
    if (event.kind === 'start') return this.welcome(state.locale);
    if (!this.content.flow.steps.has(state.step)) {
      // An editor removed the step this conversation was at: a tapped button of it means nothing any more.
      if (event.kind === 'choice') return this.showStep(state, this.content.flow.start, this.t('menu_changed', state));
      state = { ...state, step: this.content.flow.start, offered: [] };
    }
    if (event.kind === 'media') return { state, replies: [{ text: this.t('media_unsupported', state), ...this.reoffer(state) }] };
    if (event.kind === 'choice') return this.choose(state, event.choiceId, lookups);
    if (event.triage.urgent) return this.handoff(state, event.triage.intent, 'urgent');
    // An offered choice typed ("5" to the survey, "2" to a numbered list, a button's label), or the
    // reading command, answers what was asked: it tells no danger, whatever doubt the model has of
    // words it cannot read ("Texte facile à lire" came out "maybe" once the corpus grew).
    // "Texte facile à lire" / "FALC" typed by a French reader switches the reading (the welcome keeps its three entries).
    const reading = this.readingCommand(state, event.text);
    if (reading !== undefined) return this.showStep({ ...state, easyRead: reading }, this.content.flow.start);
    const typedChoice = this.choiceFromText(state, event.text);
    if (typedChoice) return this.choose(state, typedChoice, lookups);
    // Asked once: a second doubtful message before the answer is read for what it asks. An answer to
    // the bot's own question of a place or a time ("I am in Saint-Quentin") is read as that answer: a
    // danger told there is still `now` above; a doubt is the model's reading of free text, not of this.
    if (event.triage.danger === 'maybe' && state.pending !== 'danger' && !ANSWERS_A_QUESTION.has(state.pending))
      return this.askDanger(state, event.triage, event.text);
    const cleared: DialogueState = { ...state, pending: undefined, held: undefined };
    if (state.pending === 'place') return this.placeAnswer(cleared, event.triage, lookups);
    if (state.pending === 'appointment_place') return this.appointments.place(cleared, lookups);
    if (state.pending === 'appointment_half_day') return this.appointments.preferredInWords(cleared, event.text);
    // Anything but a rating after the survey question is a new question: answer it.
    return this.understand({ ...cleared, locale: event.triage.locale || state.locale }, event.triage, event.first ?? false, lookups, { text: event.text });
  }

  /** `words`: what the citizen typed, when there is something to pick a sub-answer with. */
  private understand(state: DialogueState, triage: TriageResult, first: boolean, lookups: DialogueLookups, words?: Words): DialogueOutcome {
    const sure = triage.confidence >= this.options.confidenceThreshold;
    if (triage.intent === 'agent') return this.handoff(state, 'agent', 'asked');
    if (triage.intent === 'salutation' && sure) {
      // A greeting that opens the conversation is answered by the welcome already sent.
      return first ? { state, replies: [] } : this.showStep(state, this.content.flow.start);
    }
    if (sure && triage.intent !== 'salutation' && this.content.knowledge.has(triage.intent))
      return this.answer(state, triage.intent, lookups, undefined, words);
    if (state.clarifyCount >= 1) return this.handoff(state, triage.intent, 'unresolved');
    return this.clarify(state, triage);
  }

  private choose(state: DialogueState, choiceId: string, lookups: DialogueLookups): DialogueOutcome {
    if (!state.offered.includes(choiceId) && choiceId !== MENU) return this.reprompt(state);
    if (choiceId === MENU) return this.showStep(state, this.content.flow.start);
    if (choiceId === DANGER_YES) return this.handoff({ ...state, held: undefined }, state.held?.intent ?? 'autre', 'urgent');
    if (choiceId === DANGER_NO) return this.notInDanger(state, lookups);
    if (choiceId === EASY_READ_ON || choiceId === EASY_READ_OFF)
      return this.showStep({ ...state, easyRead: choiceId === EASY_READ_ON }, this.content.flow.start);
    if (choiceId === FEEDBACK_YES) {
      return { ...this.showStep(state, this.content.flow.start, this.t('helped_glad', state)), helped: true };
    }
    if (choiceId === FEEDBACK_NO) return this.handoff(state, 'autre', 'not_helped');
    if (choiceId === CLARIFY_NONE || choiceId === CLARIFY_AGENT) return this.handoff(state, 'autre', 'unresolved');
    if (choiceId.startsWith(INTENT_PREFIX)) return this.answer(state, choiceId.slice(INTENT_PREFIX.length) as IntentId, lookups);
    if (this.appointments.owns(choiceId)) return this.appointments.choose(state, choiceId) ?? this.reprompt(state);
    if (choiceId.startsWith(SURVEY_PREFIX)) {
      const rating = Number(choiceId.slice(SURVEY_PREFIX.length));
      return { state: { ...state, pending: undefined, offered: [] }, replies: [{ text: this.t('survey_thanks', state) }], survey: rating };
    }
    const choice = this.content.flow.steps.get(state.step)?.choices.find((c) => c.id === choiceId);
    if (!choice) return this.reprompt(state);
    if (choice.goto) return this.showStep(state, choice.goto);
    if (choice.answer) return this.answer(state, choice.answer, lookups);
    if (choice.appointment) return this.appointments.start(state, lookups);
    return this.handoff(state, 'agent', 'asked');
  }

  private showStep(state: DialogueState, stepId: string, intro?: string): DialogueOutcome {
    const step = this.content.flow.steps.get(stepId) as FlowStep;
    const choices = step.choices.map((c) => ({ id: c.id, label: pickText(c.label, state.locale) }));
    const text = pickText(step.say, state.locale, state).replace(/\{\{(\w+)\}\}/g, (whole, name: string) => String(this.options.facts?.[name] ?? whole));
    return {
      state: { ...state, step: stepId, pending: undefined, offered: choices.map((c) => c.id) },
      replies: [{ text: intro ? `${intro}\n\n${text}` : text, choices, links: this.links(step.links, state.locale) }],
    };
  }

  /** The intent's answer, then "did it help?". `shown`: what to say instead of the knowledge answer;
   * `words`: what the citizen typed, which may ask for one of the intent's sub-answers (`answers:`). */
  private answer(state: DialogueState, intent: IntentId, lookups: DialogueLookups, shown?: Reply[], words?: Words): DialogueOutcome {
    const entry = this.content.knowledge.get(intent);
    if (!entry) return this.handoff(state, intent, 'unresolved');
    if (intent === PLACE_INTENT && lookups.stationsAvailable && !shown) return this.askPlace(state);
    const sub = shown ? undefined : this.subAnswer(entry, words);
    if (!shown && !sub && entry.clarifies) return this.askMore(state, intent, words !== undefined);
    const said = sub ?? entry;
    const answer: Reply[] = shown ?? [{ text: pickText(said.answer, state.locale, state), links: this.links(said.links, state.locale) }];
    if (entry.handoff) return { ...this.handoff(state, intent, 'asked'), answered: intent };
    const choices = [
      { id: FEEDBACK_YES, label: this.t('yes', state) },
      { id: FEEDBACK_NO, label: this.t('no', state) },
      { id: MENU, label: this.t('back_to_menu', state) },
    ];
    return {
      state: { ...state, pending: 'feedback', clarifyCount: 0, offered: choices.map((c) => c.id) },
      replies: [...answer, { text: this.t('did_it_help', state), choices }],
      answered: intent,
    };
  }

  /** The sub-answer the citizen's words ask for, if any. */
  private subAnswer(entry: KnowledgeEntry, words?: Words): SubAnswer | undefined {
    if (words?.subAnswer) return entry.answers.find((a) => a.id === words.subAnswer);
    return words?.text !== undefined ? matchSubAnswer(this.content, entry, words.text)?.answer : undefined;
  }

  /** An intent whose own answer is a question (`clarifies: true`, e.g. "autre": "could you say more?"),
   * with "talk to an officer" and the menu. Typed a second time running (`typed`, after a clarifying
   * question), the bot stops asking: an agent takes over. */
  private askMore(state: DialogueState, intent: IntentId, typed: boolean): DialogueOutcome {
    if (typed && state.clarifyCount >= 1) return this.handoff(state, intent, 'unresolved');
    const entry = this.content.knowledge.get(intent)!;
    const choices = [
      { id: CLARIFY_AGENT, label: this.t('talk_to_agent', state) },
      { id: MENU, label: this.t('back_to_menu', state) },
    ];
    return {
      state: { ...state, pending: 'clarify', clarifyCount: state.clarifyCount + 1, offered: choices.map((c) => c.id) },
      replies: [{ text: pickText(entry.answer, state.locale, state), links: this.links(entry.links, state.locale), choices }],
    };
  }

  /** "Your postcode or commune?": the next text is looked up by the hub (lookups.nearby). */
  private askPlace(state: DialogueState): DialogueOutcome {
    const choices = [{ id: MENU, label: this.t('back_to_menu', state) }];
    return {
      state: { ...state, pending: 'place', clarifyCount: 0, offered: choices.map((c) => c.id) },
      replies: [{ text: this.t('stations_ask_place', state), choices }],
    };
  }

  /** The text after "your postcode or commune?": the nearest stations; a place no station matches
   * gets the general answer, and a message that clearly asks something else is answered as such.
   * A place name says nothing of the citizen's language ("Nantua" reads as Spanish): it stays. */
  private placeAnswer(state: DialogueState, triage: TriageResult, lookups: DialogueLookups): DialogueOutcome {
    if (lookups.nearby) return this.answer(state, PLACE_INTENT, lookups, [lookups.nearby]);
    const sure = triage.confidence >= this.options.confidenceThreshold;
    if (sure && triage.intent !== PLACE_INTENT && !NOT_A_TOPIC.has(triage.intent))
      return this.understand({ ...state, locale: triage.locale || state.locale }, triage, false, lookups);
    const entry = this.content.knowledge.get(PLACE_INTENT);
    const general = entry ? [{ text: pickText(entry.answer, state.locale, state), links: this.links(entry.links, state.locale) }] : [];
    return this.answer(state, PLACE_INTENT, lookups, [{ text: this.t('stations_not_found', state) }, ...general]);
  }

  private clarify(state: DialogueState, triage: TriageResult): DialogueOutcome {
    const likely = [{ intent: triage.intent, confidence: triage.confidence }, ...triage.alternatives]
      .filter((a) => !NOT_A_TOPIC.has(a.intent) && this.content.knowledge.has(a.intent))
      .slice(0, 3);
    if (!likely.length) {
      // Nothing to offer (words the bot cannot place): ask once to rephrase, then an agent.
      const choices = [
        { id: CLARIFY_AGENT, label: this.t('talk_to_agent', state) },
        { id: MENU, label: this.t('back_to_menu', state) },
      ];
      return {
        state: { ...state, pending: 'clarify', clarifyCount: state.clarifyCount + 1, offered: choices.map((c) => c.id) },
        replies: [{ text: this.t('not_understood', state), choices }],
      };
    }
    const choices = [
      ...likely.map((a) => ({ id: `${INTENT_PREFIX}${a.intent}`, label: pickText(this.content.knowledge.get(a.intent)!.title, state.locale) })),
      { id: CLARIFY_NONE, label: this.t('none_of_these', state) },
    ];
    return {
      state: { ...state, pending: 'clarify', clarifyCount: state.clarifyCount + 1, offered: choices.map((c) => c.id) },
      replies: [{ text: this.t('clarify', state), choices }],
    };
  }

  /** The emergency numbers and "are you in danger right now?" with Yes / No; the message waits for the answer. */
  private askDanger(state: DialogueState, triage: TriageResult, text: string): DialogueOutcome {
    const locale = triage.locale || state.locale;
    const { intent, confidence, alternatives } = triage;
    const entry = this.content.knowledge.get(intent);
    const subAnswer = entry ? this.subAnswer(entry, { text })?.id : undefined;
    const reader = { locale, easyRead: state.easyRead };
    const choices = [
      { id: DANGER_YES, label: this.t('danger_yes', reader) },
      { id: DANGER_NO, label: this.t('danger_no', reader) },
    ];
    return {
      state: {
        ...state,
        locale,
        pending: 'danger',
        offered: choices.map((c) => c.id),
        held: { intent, confidence, alternatives, locale, ...(subAnswer ? { subAnswer } : {}) },
      },
      replies: [{ text: this.t('danger_question', reader), choices, urgent: true }],
    };
  }

  /** "No": the conversation goes on with the message the question was about. */
  private notInDanger(state: DialogueState, lookups: DialogueLookups): DialogueOutcome {
    const cleared: DialogueState = { ...state, pending: undefined, held: undefined, offered: [] };
    const ack = { text: this.t('danger_not_now', state) };
    if (!state.held) return { ...this.showStep(cleared, this.content.flow.start, ack.text) };
    const { subAnswer, ...held } = state.held;
    const outcome = this.understand(cleared, { ...held, urgent: false, danger: 'none' }, false, lookups, { subAnswer });
    return { ...outcome, replies: [ack, ...outcome.replies] };
  }

  private handoff(state: DialogueState, intent: string, reason: HandoffReason): DialogueOutcome {
    return {
      state: { ...state, pending: undefined, held: undefined, offered: [], clarifyCount: 0 },
      replies: [{ text: this.t('handoff_waiting', state) }],
      handoff: { intent, reason },
    };
  }

  private reprompt(state: DialogueState): DialogueOutcome {
    return { state, replies: [{ text: this.t('reprompt', state), ...this.reoffer(state) }] };
  }

  /** The choices offered last, rebuilt from their ids (labels in the current locale). */
  private reoffer(state: DialogueState): { choices?: Choice[] } {
    const choices = state.offered.map((id) => ({ id, label: this.labelFor(state, id) }));
    return choices.length ? { choices } : {};
  }

  /** The ids of `state.offered` that stay on offer in `state.locale`: the easy-to-read switch is for French readers. */
  offeredIn(state: DialogueState): string[] {
    const french = baseLocale(state.locale) === 'fr';
    return state.offered.filter((id) => french || (id !== EASY_READ_ON && id !== EASY_READ_OFF));
  }

  /** The label of an offered choice, as the citizen saw it (stored with their answer). */
  labelFor(state: DialogueState, id: string): string {
    const { locale } = state;
    if (id === FEEDBACK_YES) return this.t('yes', state);
    if (id === FEEDBACK_NO) return this.t('no', state);
    if (id === DANGER_YES) return this.t('danger_yes', state);
    if (id === DANGER_NO) return this.t('danger_no', state);
    if (id === MENU) return this.t('back_to_menu', state);
    if (id === CLARIFY_NONE) return this.t('none_of_these', state);
    if (id === CLARIFY_AGENT) return this.t('talk_to_agent', state);
    if (id === EASY_READ_ON) return this.t('easy_read_on', state);
    if (id === EASY_READ_OFF) return this.t('easy_read_off', state);
    if (id.startsWith(SURVEY_PREFIX)) return id.slice(SURVEY_PREFIX.length);
    if (this.appointments.owns(id)) return this.appointments.labelFor(state, id) ?? id;
    if (id.startsWith(INTENT_PREFIX)) {
      const entry = this.content.knowledge.get(id.slice(INTENT_PREFIX.length) as IntentId);
      return entry ? pickText(entry.title, locale) : id;
    }
    const choice = this.content.flow.steps.get(state.step)?.choices.find((c) => c.id === id);
    return choice ? pickText(choice.label, locale) : id;
  }

  /** true / false when a French reader typed the easy-to-read switch ("texte facile à lire", "FALC") or its way back. */
  private readingCommand(state: DialogueState, text: string): boolean | undefined {
    if (baseLocale(state.locale) !== 'fr') return undefined;
    const typed = normalise(text);
    if (typed === 'falc' || typed === normalisedContent(this.t('easy_read_on', state))) return true;
    if (typed === normalisedContent(this.t('easy_read_off', state))) return false;
    return undefined;
  }

  /** "2" picks the second offered choice; a label typed out picks that choice (text-only channels). */
  private choiceFromText(state: DialogueState, text: string): string | undefined {
    const trimmed = text.trim();
    const number = /^(\d{1,2})[.)]?$/.exec(trimmed);
    if (number) return state.offered[Number(number[1]) - 1];
    const wanted = normalise(trimmed);
    return state.offered.find((id) => normalisedContent(this.labelFor(state, id)) === wanted);
  }

  private links(links: LocalizedLink[], locale: string): Link[] | undefined {
    return links.length ? links.map((l) => ({ label: pickText(l.label, locale), url: l.url })) : undefined;
  }

  private t(key: string, reader: Reader, vars?: Record<string, string | number>): string {
    return this.phrases.t(key, reader.locale, vars, { easyRead: reader.easyRead });
  }
}

/** normalise() of the content's own words (labels, phrases), asked again for every citizen message: kept. A
 * few hundred strings; emptied when full, so that edited content does not pile up. */
const normalisedWords = new Map<string, string>();
function normalisedContent(text: string): string {
  let form = normalisedWords.get(text);
  if (form === undefined) {
    if (normalisedWords.size >= 5000) normalisedWords.clear();
    form = normalise(text);
    normalisedWords.set(text, form);
  }
  return form;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
