/** Opening hours in the directory format (docs/stations.md): rules separated by `|` (or `;`, in a
 * quoted field), each a list of days (`mon`, `mon-fri`, `sat,sun`) and a list of ranges
 * (`08:00-12:00,14:00-18:00`) or `closed`: `mon-fri 08:00-12:00,14:00-18:00 | sat 08:00-12:00`.
 * A later rule for a day replaces an earlier one. */
import { type OpeningRange, WEEKDAYS, type Weekday } from './types.js';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** The ranges `text` describes, Monday first, or the reason it cannot be read. Empty text: no hours. */
export function parseHours(text: string): { hours: OpeningRange[] } | { error: string } {
  const byDay = new Map<Weekday, OpeningRange[]>();
  for (const rule of text.split(/[|;]/).map((r) => r.trim())) {
    if (!rule) continue;
    const match = /^(\S+)\s+(.+)$/.exec(rule);
    if (!match) return { error: `"${rule}" needs days and hours, e.g. "mon-fri 08:00-12:00"` };
    const days = readDays(match[1]);
    if ('error' in days) return days;
    const ranges = readRanges(match[2].replace(/\s+/g, ''));
    if ('error' in ranges) return ranges;
    for (const day of days.days)
      byDay.set(
        day,
        ranges.ranges.map(([from, to]) => ({ day, from, to })),
      );
  }
  return { hours: WEEKDAYS.flatMap((day) => byDay.get(day) ?? []) };
}

function readDays(text: string): { days: Weekday[] } | { error: string } {
  const days: Weekday[] = [];
  for (const item of text.toLowerCase().split(',')) {
    const [first, last = first] = item.split('-');
    const from = WEEKDAYS.indexOf(first as Weekday);
    const to = WEEKDAYS.indexOf(last as Weekday);
    if (from < 0 || to < 0 || item.split('-').length > 2)
      return { error: `"${item}" is not a day or a range of days (mon, tue, wed, thu, fri, sat, sun; e.g. mon-fri)` };
    if (to < from) return { error: `"${item}": a range of days goes from Monday towards Sunday` };
    days.push(...WEEKDAYS.slice(from, to + 1));
  }
  return { days };
}

function readRanges(text: string): { ranges: [string, string][] } | { error: string } {
  if (text.toLowerCase() === 'closed') return { ranges: [] };
  const ranges: [string, string][] = [];
  for (const item of text.split(',')) {
    const [from, to, extra] = item.split('-');
    if (extra !== undefined || !TIME.test(from ?? '') || !TIME.test(to ?? '') || from === '24:00')
      return { error: `"${item}" is not a time range such as 08:00-12:00 (or "closed")` };
    if (to <= from) return { error: `"${item}": the range ends before it starts` };
    ranges.push([from, to]);
  }
  return { ranges };
}

/** The hours for a citizen, days in their language: "lun. – ven. 08:00–12:00, 14:00–18:00 ; sam. 08:00–12:00".
 * Consecutive days with the same ranges are grouped; closed days are left out. */
export function formatHours(hours: OpeningRange[], locale: string): string {
  const names = weekdayNames(locale);
  const perDay = WEEKDAYS.map((day) =>
    hours
      .filter((h) => h.day === day)
      .map((h) => `${h.from}\u2013${h.to}`)
      .join(', '),
  );
  const groups: string[] = [];
  for (let i = 0; i < WEEKDAYS.length; ) {
    let j = i;
    while (j + 1 < WEEKDAYS.length && perDay[j + 1] === perDay[i]) j++;
    if (perDay[i]) groups.push(`${i === j ? names[i] : `${names[i]} \u2013 ${names[j]}`} ${perDay[i]}`);
    i = j + 1;
  }
  // French typography puts a space before the semicolon.
  return groups.join(locale.toLowerCase().startsWith('fr') ? ' ; ' : '; ');
}

/** Short weekday names, Monday first, from the platform's locale data (no phrase to translate). */
function weekdayNames(locale: string): string[] {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  } catch {
    format = new Intl.DateTimeFormat('fr', { weekday: 'short', timeZone: 'UTC' });
  }
  // 1 January 2024 was a Monday.
  return WEEKDAYS.map((_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}
