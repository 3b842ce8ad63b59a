/** An appointment as an iCalendar file (RFC 5545): one VCALENDAR with one VEVENT. Pure: the caller
 * gives every value, the clock's included. Text is escaped (§3.3.11), lines end in CRLF and are
 * folded at 75 octets without splitting a UTF-8 character (§3.1), times are in UTC ("Z"). */

/** What the calendar file says. */
export interface CalendarEvent {
  /** Globally unique and stable: a second download of the same appointment updates it in the calendar. */
  uid: string;
  /** When the file was made (DTSTAMP). */
  stamp: Date;
  start: Date;
  /** Whole minutes (DURATION). */
  durationMinutes: number;
  summary: string;
  location: string;
  description?: string;
}

/** Longest content line, in octets, before the line break (RFC 5545 §3.1). */
const MAX_OCTETS = 75;
const PRODUCT = '-//Relais//Appointments//FR';

/** The whole file, CRLF line endings included. */
export function toICalendar(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcDateTime(event.stamp)}`,
    `DTSTART:${utcDateTime(event.start)}`,
    `DURATION:PT${Math.round(event.durationMinutes)}M`,
    `SUMMARY:${escapeText(event.summary)}`,
    `LOCATION:${escapeText(event.location)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** A TEXT value: backslash, semicolon and comma escaped, line breaks as "\n" (§3.3.11). */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A DATE-TIME in UTC form, e.g. 20250314T083000Z (seconds kept, milliseconds dropped). */
export function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** One content line folded into lines of at most 75 octets; each continuation starts with a space,
 * which counts in its 75. A UTF-8 character is never cut in two. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}
