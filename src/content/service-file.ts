/** Reads flows/service.yaml: the time zone, the weekly hours, the closed days and the announcements,
 * each mistake reported at its line. */
import { isDay, isTimeZone, zonedInstant } from '../service/zoned.js';
import { type Announcement, type OpeningRange, type ServiceSettings, WEEKDAYS, type Weekday } from './types.js';
import { forEachIdentified, isMapping, readLinks, readLocalizedText } from './validate.js';
import type { YamlFile } from './yaml-file.js';

/** The service's file, relative to the content directory. */
export const SERVICE_FILE = 'flows/service.yaml';

/** Without flows/service.yaml: always open (the hub never tells a citizen agents are away on a
 * guess), in the French time zone, nothing announced. */
export function defaultService(): ServiceSettings {
  const allDay = [{ from: 0, to: 1440 }];
  return {
    timezone: 'Europe/Paris',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, allDay])) as Record<Weekday, OpeningRange[]>,
    closed: new Set(),
    announcements: [],
  };
}

/** The settings in `value` (the parsed file); problems are recorded on `file`. */
export function readServiceFile(file: YamlFile, value: Record<string, unknown>): ServiceSettings {
  const timezone = value.timezone ?? 'Europe/Paris';
  const zoneOk = typeof timezone === 'string' && isTimeZone(timezone);
  if (!zoneOk) file.problem(['timezone'], `"timezone" must be an IANA time zone such as Europe/Paris (got ${JSON.stringify(timezone)})`);
  const zone = zoneOk ? (timezone as string) : 'Europe/Paris';
  for (const key of Object.keys(value)) {
    if (!['timezone', 'hours', 'closed', 'announcements'].includes(key))
      file.problem([key], `unknown key "${key}" (expected timezone, hours, closed, announcements)`);
  }
  return {
    timezone: zone,
    hours: readHours(file, value.hours),
    closed: readClosed(file, value.closed),
    announcements: readAnnouncements(file, value.announcements, zone),
  };
}

/** `mon-fri: 08:00-20:00`, `sat: 09:00-12:00, 14:00-17:00`, `sun: closed`; an unlisted day is closed. */
function readHours(file: YamlFile, value: unknown): Record<Weekday, OpeningRange[]> {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as OpeningRange[]])) as Record<Weekday, OpeningRange[]>;
  if (value === undefined || value === null) return hours;
  if (!isMapping(value)) {
    file.problem(['hours'], '"hours" must list days, e.g. "mon-fri: 08:00-20:00"');
    return hours;
  }
  const seen = new Set<Weekday>();
  for (const [key, raw] of Object.entries(value)) {
    const at = ['hours', key];
    const days = dayKeys(key);
    if (!days) {
      file.problem(at, `"${key}" is not a day: use mon, tue, wed, thu, fri, sat, sun or a span such as mon-fri`);
      continue;
    }
    const twice = days.find((d) => seen.has(d));
    if (twice) {
      file.problem(at, `"${twice}" is given hours twice`);
      continue;
    }
    for (const d of days) seen.add(d);
    const ranges = readRanges(file, at, raw);
    if (ranges) for (const d of days) hours[d] = ranges;
  }
  return hours;
}

/** "mon" → [mon]; "mon-fri" → [mon..fri]; anything else → undefined. */
function dayKeys(key: string): Weekday[] | undefined {
  const [a, b, extra] = key
    .trim()
    .toLowerCase()
    .split(/\s*-\s*/);
  const from = WEEKDAYS.indexOf(a as Weekday);
  const to = b === undefined ? from : WEEKDAYS.indexOf(b as Weekday);
  if (extra !== undefined || from < 0 || to < from) return undefined;
  return WEEKDAYS.slice(from, to + 1);
}

/** "08:00-12:00, 14:00-20:00", a list of such ranges, or "closed"; sorted, overlaps refused. */
function readRanges(file: YamlFile, at: string[], raw: unknown): OpeningRange[] | undefined {
  const texts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!texts) {
    file.problem(at, 'hours must be written "08:00-20:00" (several ranges separated by commas), or "closed"');
    return undefined;
  }
  if (texts.length === 1 && String(texts[0]).trim().toLowerCase() === 'closed') return [];
  const ranges: OpeningRange[] = [];
  for (const text of texts) {
    const match = typeof text === 'string' ? /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text) : null;
    const from = match ? minutes(match[1], match[2]) : undefined;
    const to = match ? minutes(match[3], match[4]) : undefined;
    if (from === undefined || to === undefined || from === 1440) {
      file.problem(at, `"${String(text).trim()}" is not a time range such as 08:00-20:00 (hours 00 to 23, minutes 00 to 59, 24:00 for midnight)`);
      return undefined;
    }
    if (to <= from) {
      file.problem(at, `"${String(text).trim()}" ends before it starts (a range past midnight is two ranges: 22:00-24:00 and 00:00-06:00 the next day)`);
      return undefined;
    }
    ranges.push({ from, to });
  }
  ranges.sort((a, b) => a.from - b.from);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].from < ranges[i - 1].to) {
      file.problem(at, 'these ranges overlap');
      return undefined;
    }
  }
  return ranges;
}

/** "08:30" → 510; "24:00" → 1440; out of range → undefined. */
function minutes(h: string, m: string): number | undefined {
  const hours = Number(h);
  const mins = Number(m);
  if (mins > 59 || hours > 24 || (hours === 24 && mins !== 0)) return undefined;
  return hours * 60 + mins;
}

function readClosed(file: YamlFile, value: unknown): Set<string> {
  const closed = new Set<string>();
  if (value === undefined || value === null) return closed;
  if (!Array.isArray(value)) {
    file.problem(['closed'], '"closed" must be a list of days, e.g. "- 2026-12-25"');
    return closed;
  }
  value.forEach((day, i) => {
    if (typeof day === 'string' && isDay(day)) closed.add(day);
    else file.problem(['closed', i], `${JSON.stringify(day)} is not a day written YYYY-MM-DD`);
  });
  return closed;
}

function readAnnouncements(file: YamlFile, value: unknown, timeZone: string): Announcement[] {
  const out: Announcement[] = [];
  const list = { notAList: '"announcements" must be a list of "- id: ..." entries', entry: 'announcement', scope: '', idPattern: /^[a-z0-9_-]+$/ };
  forEachIdentified(file, ['announcements'], value, list, (raw, at) => {
    const text = readLocalizedText(file, [...at, 'text'], raw.text, ['fr']);
    const links = readLinks(file, [...at, 'links'], raw.links);
    const until = raw.until === undefined || raw.until === null ? undefined : readUntil(String(raw.until), timeZone);
    if (raw.until !== undefined && raw.until !== null && until === undefined) {
      file.problem(
        [...at, 'until'],
        `"until" must be a day (YYYY-MM-DD: to the end of that day), a local time (YYYY-MM-DD HH:MM) or an ISO 8601 time with its offset (got ${JSON.stringify(raw.until)})`,
      );
      return;
    }
    if (text) out.push({ id: raw.id, text, links, ...(until !== undefined ? { until } : {}) });
  });
  return out;
}

/** An end as an instant: a day lasts until its midnight, a bare time is on the service's clock. */
function readUntil(text: string, timeZone: string): number | undefined {
  const value = text.trim();
  if (isDay(value)) return zonedInstant(value, 1440, timeZone);
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/.exec(value);
  if (local) {
    const m = minutes(local[2], local[3]);
    return isDay(local[1]) && m !== undefined ? zonedInstant(local[1], m, timeZone) : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && isDay(value.slice(0, 10))) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
