/** Calendar day and hour of an instant in a time zone (the supervisors' "today"), without a library. */

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Every time zone's offset is a whole number of quarter hours, so its day and hour are the same over
 * a quarter hour of UTC: the last answer per zone is kept for its quarter (formatToParts was 2 % of the
 * hub's CPU, asked for on every counted message). */
const QUARTER_MS = 15 * 60 * 1000;
const lastAnswer = new Map<string, { quarter: number; answer: { day: string; hour: number } }>();

/** `{day: "2025-03-14", hour: 0..23}` of `date` as a clock in `timeZone` shows it. */
export function zonedDayHour(date: Date, timeZone: string): { day: string; hour: number } {
  const quarter = Math.floor(date.getTime() / QUARTER_MS);
  const last = lastAnswer.get(timeZone);
  if (last?.quarter === quarter) return { ...last.answer };
  const answer = computeDayHour(date, timeZone);
  lastAnswer.set(timeZone, { quarter, answer });
  return { ...answer };
}

function computeDayHour(date: Date, timeZone: string): { day: string; hour: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}
