/** Appointments at a station: what an agent confirms, the citizen's confirmation and its .ics file. */
export { appointmentCalendar, confirmationText, formatAppointmentTime, stationAddress } from './confirmation.js';
export { type CalendarEvent, escapeText, foldLine, toICalendar, utcDateTime } from './ics.js';
export { APPOINTMENT_MINUTES, type Appointment } from './types.js';
