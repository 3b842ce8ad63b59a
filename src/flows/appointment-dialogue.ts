/** "Prendre rendez-vous" in the dialogue: which station (the three nearest to a postcode or commune
 * the citizen gives, looked up by the hub: src/hub/station-lookups.ts), which half-day suits them
 * (a choice or their own words), then a hand-off whose internal note summarises the request for the
 * agents: the station and the half-days, nothing about the citizen. Pure, like the engine. */
import type { DialogueLookups, DialogueOutcome, DialogueState } from './engine.js';

/** A station the bot offered, as much as the dialogue keeps of it. */
export interface OfferedStation {
  id: string;
  name: string;
}

/** The request while the citizen makes it (kept in the conversation, purged with it). */
export interface AppointmentRequest {
  /** The stations offered for the place the citizen gave. */
  stations?: OfferedStation[];
  /** The station chosen. */
  station?: OfferedStation;
}

/** Half-days offered as choices, Monday to Friday (ten: a WhatsApp list holds ten rows). */
const HALF_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((day) => [`${day}_am`, `${day}_pm`]);
const STATION_PREFIX = 'station.';
const HALF_DAY_PREFIX = 'halfday.';
/** A Monday, to name weekdays in the citizen's language with Intl. */
const A_MONDAY = Date.UTC(2024, 0, 1, 12);
/** The most of the citizen's own words about their availability copied into the agents' note. */
const MAX_WORDS = 200;

/** What the dialogue needs of the engine. */
export interface AppointmentKit {
  t(key: string, locale: string, vars?: Record<string, string | number>): string;
  /** The engine's synthetic "back to the menu" choice. */
  menu: { id: string };
}

/** The steps of an appointment request. */
export class AppointmentDialogue {
  constructor(private readonly kit: AppointmentKit) {}

  /** Whether a choice id belongs to this dialogue. */
  owns(choiceId: string): boolean {
    return choiceId.startsWith(STATION_PREFIX) || choiceId.startsWith(HALF_DAY_PREFIX);
  }

  /** The menu choice: ask where (or, without a stations directory, go straight to the half-days). */
  start(state: DialogueState, lookups: DialogueLookups): DialogueOutcome {
    const fresh: DialogueState = { ...state, appointment: {}, clarifyCount: 0 };
    if (!lookups.stationsAvailable) return this.askHalfDay(fresh);
    const choices = [{ id: this.kit.menu.id, label: this.kit.t('back_to_menu', state.locale) }];
    return {
      state: { ...fresh, pending: 'appointment_place', offered: choices.map((c) => c.id) },
      replies: [{ text: this.kit.t('appointment_ask_place', state.locale), choices }],
    };
  }

  /** The citizen's postcode or commune: the nearest stations to pick from, or ask again. */
  place(state: DialogueState, lookups: DialogueLookups): DialogueOutcome {
    const found = lookups.stationChoices;
    const menu = { id: this.kit.menu.id, label: this.kit.t('back_to_menu', state.locale) };
    if (!found?.length) {
      return {
        state: { ...state, pending: 'appointment_place', offered: [menu.id] },
        replies: [{ text: this.kit.t('appointment_place_not_found', state.locale), choices: [menu] }],
      };
    }
    const choices = [...found.map((s, i) => ({ id: `${STATION_PREFIX}${i}`, label: s.label })), menu];
    return {
      state: {
        ...state,
        pending: 'appointment_station',
        appointment: { stations: found.map(({ id, name }) => ({ id, name })) },
        offered: choices.map((c) => c.id),
      },
      replies: [{ text: this.kit.t('appointment_ask_station', state.locale), choices }],
    };
  }

  /** A tapped station or half-day. */
  choose(state: DialogueState, choiceId: string): DialogueOutcome | undefined {
    if (choiceId.startsWith(STATION_PREFIX)) {
      const station = state.appointment?.stations?.[Number(choiceId.slice(STATION_PREFIX.length))];
      return station ? this.askHalfDay({ ...state, appointment: { station } }) : undefined;
    }
    const halfDay = choiceId.slice(HALF_DAY_PREFIX.length);
    return HALF_DAYS.includes(halfDay) ? this.requested(state, this.halfDayLabel(halfDay, state.locale)) : undefined;
  }

  /** The citizen's own words instead of a half-day ("mardi après 17 h"). */
  preferredInWords(state: DialogueState, text: string): DialogueOutcome {
    const words = text.replace(/\s+/g, ' ').trim();
    return this.requested(state, words.length > MAX_WORDS ? `${words.slice(0, MAX_WORDS - 1)}…` : words);
  }

  /** The label of one of this dialogue's choices, as the citizen saw it. */
  labelFor(state: DialogueState, id: string): string | undefined {
    if (id.startsWith(STATION_PREFIX)) return state.appointment?.stations?.[Number(id.slice(STATION_PREFIX.length))]?.name;
    if (id.startsWith(HALF_DAY_PREFIX)) return this.halfDayLabel(id.slice(HALF_DAY_PREFIX.length), state.locale);
    return undefined;
  }

  private askHalfDay(state: DialogueState): DialogueOutcome {
    const choices = HALF_DAYS.map((h) => ({ id: `${HALF_DAY_PREFIX}${h}`, label: this.halfDayLabel(h, state.locale) }));
    const station = state.appointment?.station;
    const text = station
      ? this.kit.t('appointment_ask_half_day', state.locale, { station: station.name })
      : this.kit.t('appointment_ask_half_day_anywhere', state.locale);
    return {
      state: { ...state, pending: 'appointment_half_day', offered: choices.map((c) => c.id) },
      replies: [{ text, choices }],
    };
  }

  /** The request goes to the agents: the citizen is told, the agents get the summary as a note. */
  private requested(state: DialogueState, preferred: string): DialogueOutcome {
    const { locale } = state;
    const station = state.appointment?.station;
    const stationText = station ? `${station.name} (${station.id})` : this.kit.t('note_appointment_any_station', 'fr');
    return {
      state: { ...state, pending: undefined, appointment: undefined, offered: [], clarifyCount: 0 },
      replies: [{ text: this.kit.t('appointment_requested', locale, { station: station?.name ?? '—', preferred }) }],
      notes: [this.kit.t('note_appointment_request', 'fr', { station: stationText, preferred })],
      handoff: { intent: 'commissariat', reason: 'asked' },
    };
  }

  /** "lundi matin", "Monday afternoon"...: the weekday from Intl, the half from the phrases. */
  private halfDayLabel(halfDay: string, locale: string): string {
    const [day, half] = halfDay.split('_');
    const index = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(day);
    let name: string;
    try {
      name = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(A_MONDAY + index * 86_400_000));
    } catch {
      name = day;
    }
    return this.kit.t(half === 'am' ? 'appointment_morning' : 'appointment_afternoon', locale, { day: name });
  }
}
