/** An agent confirms (or proposes) an appointment at a station: it is kept in the conversation (purged
 * with it), the citizen gets the confirmation in their language on the service's clock and, on the
 * web and the API, a link to its calendar file; the agents get an internal note. The agent must hold
 * the conversation, as for a reply (AgentDesk.held). */
import { randomUUID } from 'node:crypto';
import type { AccountStore, AgentSession } from '../agents/accounts.js';
import type { AuditLog } from '../agents/audit.js';
import { type Appointment, confirmationText, formatAppointmentTime } from '../appointments/index.js';
import type { Clock } from '../core/clock.js';
import { HubError } from '../core/errors.js';
import type { ConversationStore } from '../conversations/index.js';
import type { Phrases } from '../i18n/phrases.js';
import type { ConversationTranslation } from '../i18n/translator.js';
import type { Station } from '../stations/index.js';
import type { AgentDesk } from './agent-desk.js';
import type { Outbox } from './outbox.js';

/** What confirming an appointment works with. */
export interface AppointmentDeskOptions {
  desk: Pick<AgentDesk, 'held'>;
  store: ConversationStore;
  outbox: Outbox;
  accounts: Pick<AccountStore, 'find'>;
  audit: Pick<AuditLog, 'record'>;
  translation: ConversationTranslation;
  /** A station of the directory by id. */
  findStation: (id: string) => Promise<Station | undefined>;
  /** The phrases and the service's time zone in force (flows/). */
  phrases: () => Phrases;
  timeZone: () => string;
  /** The language of agents' notes. */
  agentLocale: string;
  clock: Clock;
}

/** What the agent sends. */
export interface AppointmentInput {
  stationId: string;
  /** ISO 8601 with its offset. */
  at: string;
  /** Words for the citizen (what to bring...). */
  note?: string;
}

/** Confirms appointments and hands out the confirmed one. */
export class AppointmentDesk {
  constructor(private readonly o: AppointmentDeskOptions) {}

  /** Confirms an appointment in a conversation the agent holds; the citizen is told at once. */
  async confirm(agent: AgentSession, id: string, input: AppointmentInput): Promise<Appointment> {
    const conv = await this.o.desk.held(agent, id);
    const station = await this.o.findStation(input.stationId);
    if (!station) throw new HubError('invalid', `no station has the id "${input.stationId}"`);
    const instant = Date.parse(input.at);
    if (Number.isNaN(instant)) throw new HubError('invalid', '"at" is not a date and time');
    if (instant < this.o.clock.now()) throw new HubError('invalid', 'the appointment is in the past');
    // The agent writes French; the outbox translates the confirmation for a machine-translated conversation.
    const note = input.note?.trim() || undefined;
    const appointment: Appointment = {
      uid: randomUUID(),
      station: {
        id: station.id,
        name: station.name,
        address: station.address,
        postcode: station.postcode,
        commune: station.commune,
        phone: station.phone || undefined,
      },
      at: new Date(instant).toISOString(),
      ...(note ? { note } : {}),
      confirmedAt: new Date(this.o.clock.now()).toISOString(),
    };
    await this.o.store.update(id, { appointment });
    const phrases = this.o.phrases();
    const timeZone = this.o.timeZone();
    await this.o.outbox.say(conv, {
      from: 'system',
      internal: true,
      text: phrases.t('note_appointment_confirmed', this.o.agentLocale, {
        agent: agent.username,
        station: station.name,
        id: station.id,
        when: formatAppointmentTime(appointment.at, this.o.agentLocale, timeZone),
      }),
    });
    const author = (await this.o.accounts.find(agent.username))?.display;
    // A pull channel (web, API) reads its transcript with the citizen's token: the file is one link away.
    const links = conv.address
      ? undefined
      : [{ label: phrases.t('appointment_calendar_link', conv.locale), url: `/api/v1/conversations/${id}/appointment.ics` }];
    const seq = await this.o.outbox.say(conv, {
      from: 'agent',
      text: confirmationText(appointment, phrases, conv.locale, timeZone),
      ...(links ? { links } : {}),
      ...(author ? { author } : {}),
    });
    if (!seq) throw new HubError('not_found', 'unknown conversation');
    await this.o.audit.record({ actor: agent.username, action: 'appointment', conversation: id });
    return appointment;
  }

  /** The confirmed appointment of a conversation and its language, if any. */
  async confirmed(id: string): Promise<{ appointment: Appointment; locale: string } | undefined> {
    const conv = await this.o.store.get(id);
    return conv?.appointment ? { appointment: conv.appointment, locale: conv.locale } : undefined;
  }
}
