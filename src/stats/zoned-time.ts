/** Calendar day and hour of an instant in a time zone (the supervisors' "today"), without a library. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `{day: "2025-03-14", hour: 0..23}` of `date` as a clock in `timeZone` shows it. */
export function zonedDayHour(date: Date, timeZone: string): { day: string; hour: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}
