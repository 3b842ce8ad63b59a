/** What the citizen reads when an agent confirms an appointment, and its calendar file. Pure. */
import type { Phrases } from '../i18n/phrases.js';
import { toICalendar } from './ics.js';
import { APPOINTMENT_MINUTES, type Appointment } from './types.js';

/** The date and time in the citizen's language on the service's clock ("mardi 14 janvier 2025 à 09:30"). */
export function formatAppointmentTime(at: string, locale: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(locale, options).format(new Date(at));
  } catch {
    return new Intl.DateTimeFormat('fr', options).format(new Date(at));
  }
}

/** The station's address on one line. */
export function stationAddress(station: Appointment['station']): string {
  return [station.address, `${station.postcode} ${station.commune}`.trim()].filter(Boolean).join(', ');
}

/** The confirmation message's text. */
export function confirmationText(appointment: Appointment, phrases: Phrases, locale: string, timeZone: string): string {
  return phrases.t('appointment_confirmed', locale, {
    when: formatAppointmentTime(appointment.at, locale, timeZone),
    station: appointment.station.name,
    address: stationAddress(appointment.station),
    note: appointment.note ? `\n${appointment.note}` : '',
  });
}

/** The appointment as an iCalendar file, titled in the citizen's language. */
export function appointmentCalendar(appointment: Appointment, phrases: Phrases, locale: string): string {
  const { station } = appointment;
  return toICalendar({
    uid: `${appointment.uid}@relais`,
    stamp: new Date(appointment.confirmedAt),
    start: new Date(appointment.at),
    durationMinutes: APPOINTMENT_MINUTES,
    summary: phrases.t('appointment_calendar_title', locale, { station: station.name }),
    location: [station.name, stationAddress(station)].filter(Boolean).join(', '),
    description: [appointment.note, station.phone ? `\u260e ${station.phone}` : ''].filter(Boolean).join('\n') || undefined,
  });
}
