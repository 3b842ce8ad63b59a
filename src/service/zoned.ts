/** Wall-clock time in an IANA time zone, both ways, with Intl only (no time-zone package): what an
 * instant reads on a clock there, and which instant a local day and time is, daylight saving included. */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** True when `name` is a time zone Intl knows ("Europe/Paris", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (!name || /^[+-]/.test(name)) return false; // "+02:00" is an offset, not a zone: it has no summer time
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A local calendar day and the minutes since its midnight, as a clock in `timeZone` shows `instant`. */
export function zonedParts(instant: number, timeZone: string): { day: string; minutes: number } {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((x) => [x.type, x.value]),
  );
  return { day: `${p.year}-${p.month}-${p.day}`, minutes: (Number(p.hour) % 24) * 60 + Number(p.minute) };
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant a clock in `timeZone` shows `minutes` after midnight of local `day` (YYYY-MM-DD;
 * `minutes` may reach 1440, the next midnight). A time skipped by a spring-forward change is read
 * with the offset from before it (02:30 → 03:30 summer time); a time shown twice in autumn is its
 * first occurrence. */
export function zonedInstant(day: string, minutes: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const local = Date.UTC(y, m - 1, d, 0, minutes);
  // Offsets a day either side: at most one change of offset lies between them.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const fits = [local - before, local - after].filter((t) => t + offsetAt(t, timeZone) === local);
  return fits.length ? Math.min(...fits) : local - before;
}

/** The local day `n` days after `day` (YYYY-MM-DD, calendar arithmetic). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Day of the week of a local day, 0 = Monday. */
export function weekdayIndex(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** True for a real calendar day written YYYY-MM-DD (no 2025-02-30). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
