/** An appointment an agent confirmed, as the conversation keeps it (purged with it). */

/** Where and when; the station is copied as it was, so a later import does not change a given appointment. */
export interface Appointment {
  /** Stable id of this appointment (the calendar file's UID). */
  uid: string;
  station: { id: string; name: string; address: string; postcode: string; commune: string; phone?: string };
  /** The instant, ISO 8601 in UTC. */
  at: string;
  /** The agent's words for the citizen (what to bring...), as the citizen reads them. */
  note?: string;
  /** When the agent confirmed it (the file's DTSTAMP). */
  confirmedAt: string;
}

/** How long an appointment lasts in the calendar file. */
export const APPOINTMENT_MINUTES = 30;
