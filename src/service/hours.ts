/** Is the service open at an instant, and when does that change? Read from the weekly hours and
 * closed days of flows/service.yaml in the service's time zone, so daylight saving moves the
 * instants (08:00 is 07:00 UTC in winter, 06:00 in summer) and never the local hours. */
import { WEEKDAYS, type ServiceSettings } from '../content/types.js';
import { addDays, weekdayIndex, zonedInstant, zonedParts } from './zoned.js';

/** How far ahead a change is looked for: a closure of months still gets its reopening date. */
const HORIZON_DAYS = 400;

/** Open or closed at an instant; `nextChange` (ms) when it changes within the horizon. */
export interface ServiceStatus {
  open: boolean;
  nextChange?: number;
}

/** The last answer per settings version, reused until the state may change (the API is public). */
const recent = new WeakMap<ServiceSettings, { from: number; until: number; status: ServiceStatus }>();

/** The service's state at `at` (ms since the epoch). */
export function serviceStatus(settings: ServiceSettings, at: number): ServiceStatus {
  const known = recent.get(settings);
  if (known && at >= known.from && at < known.until) return known.status;
  const status = computeStatus(settings, at);
  recent.set(settings, { from: at, until: Math.min(status.nextChange ?? Number.POSITIVE_INFINITY, at + 3600_000), status });
  return status;
}

function computeStatus(settings: ServiceSettings, at: number): ServiceStatus {
  for (const span of openSpans(settings, zonedParts(at, settings.timezone).day)) {
    if (span.end <= at) continue;
    if (span.start <= at) return { open: true, ...(span.endless ? {} : { nextChange: span.end }) };
    return { open: false, nextChange: span.start };
  }
  return { open: false };
}

interface Span {
  start: number;
  end: number;
  /** Still open at the horizon (e.g. 24/7): no end to announce. */
  endless: boolean;
}

/** Opening spans from the day before `today` on, as instants, with touching ones joined (Monday
 * 20:00–24:00 and Tuesday 00:00–08:00 make one span: the service does not close at midnight). */
function* openSpans(settings: ServiceSettings, today: string): Generator<Span> {
  let pending: Span | undefined;
  const first = addDays(today, -1);
  const last = addDays(today, HORIZON_DAYS);
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (settings.closed.has(day)) continue;
    for (const range of settings.hours[WEEKDAYS[weekdayIndex(day)]]) {
      const start = zonedInstant(day, range.from, settings.timezone);
      const end = zonedInstant(day, range.to, settings.timezone);
      if (pending && start <= pending.end) pending.end = Math.max(pending.end, end);
      else {
        if (pending) yield pending;
        pending = { start, end, endless: false };
      }
    }
  }
  if (pending) yield { ...pending, endless: pending.end >= zonedInstant(last, 1440, settings.timezone) };
}

/** "Wednesday 3 December at 08:00" in `locale`, on the service's clock (when agents are back). */
export function formatServiceTime(instant: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );
}

/** The weekly hours as the API lists them: `{day, from, to}` with HH:MM times, Monday first. */
export function weeklyHours(settings: ServiceSettings): { day: string; from: string; to: string }[] {
  return WEEKDAYS.flatMap((day) => settings.hours[day].map((r) => ({ day, from: hhmm(r.from), to: hhmm(r.to) })));
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
