/** The two CSV formats a stations file may have, told apart by its header (docs/stations.md):
 * - `police`: the Ministry of the Interior's open-data list of police services
 *   (`service;adresse_geographique;telephone;...;geocodage_x_GPS;geocodage_y_GPS`);
 * - `directory`: Relais's own documented format for any other directory (gendarmerie brigades...),
 *   `id;name;kind;address;postcode;commune;phone;lat;lon;hours`, with opening hours, and an optional
 *   `email` column (the unit's mailbox for forwarded cases).
 * Pure: text in, stations or line-numbered problems out; nothing is imported unless there is none. */
import { type CsvProblem, readCsv } from './csv.js';
import { parseHours } from './hours.js';
import { STATION_KINDS, type Station, type StationKind } from './types.js';

/** Which format a file is in. */
export type StationsFormat = 'police' | 'directory';

/** Columns of the police open-data file (all required in its header). */
export const POLICE_COLUMNS = [
  'service',
  'adresse_geographique',
  'telephone',
  'departement',
  'code_commune_insee',
  'voie',
  'code_postal',
  'commune',
  'geocodage_epsg',
  'geocodage_x',
  'geocodage_y',
  'geocodage_x_gps',
  'geocodage_y_gps',
] as const;

/** Columns of the directory format; `address`, `phone` and `hours` may be left empty. */
export const DIRECTORY_COLUMNS = ['id', 'name', 'kind', 'address', 'postcode', 'commune', 'phone', 'lat', 'lon', 'hours'] as const;

/** Columns of the directory format a file may have or not (older files have none of them). */
export const DIRECTORY_OPTIONAL_COLUMNS = ['email'] as const;

/** What a file holds: its format and stations, or the problems that stop its import. */
export interface ParsedStations {
  format?: StationsFormat;
  stations: Station[];
  problems: CsvProblem[];
}

/** At most this many problems are listed (a wrong file would otherwise print thousands). */
const MAX_PROBLEMS = 20;
const POSTCODE = /^\d{5}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const PHONE = /^[+0-9 ().-]{0,30}$/;
// One mailbox, the way SMTP servers take it: no spaces, no display name, no list (a unit gets one mail).
const EMAIL = /^[^\s@;,<>"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const MAX_EMAIL = 254;

/** Reads a stations file of either format. */
export function parseStationsCsv(text: string): ParsedStations {
  const { records, problems } = readCsv(text);
  if (problems.length) return { stations: [], problems };
  const [header, ...rows] = records;
  if (!header) return { stations: [], problems: [{ line: 1, message: 'the file is empty' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const format = detectFormat(names);
  if (!format)
    return {
      stations: [],
      problems: [
        {
          line: header.line,
          message: `unknown header: expected the police open-data columns (${POLICE_COLUMNS.join(';')}) or the directory columns (${DIRECTORY_COLUMNS.join(';')})`,
        },
      ],
    };
  const column = new Map(names.map((n, i) => [n, i]));
  const readRow = format === 'police' ? policeStation : directoryStation;
  const stations: Station[] = [];
  const found: CsvProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      found.push({
        line: row.line,
        message: `${row.fields.length} fields where the header has ${names.length} (a value holding ";" must be in double quotes)`,
      });
      continue;
    }
    const get = (name: string): string => (row.fields[column.get(name) as number] ?? '').trim();
    const result = readRow(get);
    if ('error' in result) {
      found.push({ line: row.line, message: result.error });
      continue;
    }
    const station = uniqueId(result.station, format, seen);
    if (!station) {
      found.push({ line: row.line, message: `id "${result.station.id}" is already used on line ${seen.get(result.station.id)}` });
      continue;
    }
    seen.set(station.id, row.line);
    stations.push(station);
  }
  if (!found.length && !stations.length) found.push({ line: header.line, message: 'the file has a header but no station' });
  return limit({ format, stations: found.length ? [] : stations, problems: found });
}

/** The format whose columns the header has (any order, extra columns ignored). */
export function detectFormat(names: string[]): StationsFormat | undefined {
  const has = (columns: readonly string[]) => columns.every((c) => names.includes(c));
  if (has(POLICE_COLUMNS)) return 'police';
  if (has(DIRECTORY_COLUMNS)) return 'directory';
  return undefined;
}

type RowResult = { station: Station } | { error: string };

function policeStation(get: (name: string) => string): RowResult {
  const name = get('service');
  if (!name) return { error: '"service" (the station\u2019s name) is empty' };
  const postcode = get('code_postal');
  if (!POSTCODE.test(postcode)) return { error: `"code_postal" must be 5 digits, not "${postcode}"` };
  const commune = get('commune');
  if (!commune) return { error: '"commune" is empty' };
  const point = coordinates(get('geocodage_y_gps'), get('geocodage_x_gps'), 'geocodage_y_GPS', 'geocodage_x_GPS');
  if ('error' in point) return point;
  const phone = get('telephone');
  if (!PHONE.test(phone)) return { error: `"telephone" is not a phone number: "${phone}"` };
  // The file has no id: the commune's INSEE code and the name are stable across its yearly exports.
  const id = `pn-${get('code_commune_insee') || postcode}-${slug(name)}`.slice(0, 96);
  const address = get('voie') || get('adresse_geographique');
  return { station: { id, name, kind: 'police', address, postcode, commune, phone, ...point } };
}

function directoryStation(get: (name: string) => string): RowResult {
  const id = get('id');
  if (!ID.test(id)) return { error: `"id" must be 1 to 64 letters, digits, "-", "_" or ".", not "${id}"` };
  const name = get('name');
  if (!name) return { error: '"name" is empty' };
  const kind = get('kind').toLowerCase() as StationKind;
  if (!STATION_KINDS.includes(kind)) return { error: `"kind" must be ${STATION_KINDS.join(' or ')}, not "${get('kind')}"` };
  const postcode = get('postcode');
  if (!POSTCODE.test(postcode)) return { error: `"postcode" must be 5 digits, not "${postcode}"` };
  const commune = get('commune');
  if (!commune) return { error: '"commune" is empty' };
  const point = coordinates(get('lat'), get('lon'), 'lat', 'lon');
  if ('error' in point) return point;
  const phone = get('phone');
  if (!PHONE.test(phone)) return { error: `"phone" is not a phone number: "${phone}"` };
  const hours = parseHours(get('hours'));
  if ('error' in hours) return { error: `"hours": ${hours.error}` };
  // Absent column or empty value: no mailbox (get() reads a missing column as empty).
  const email = get('email');
  if (email && (email.length > MAX_EMAIL || !EMAIL.test(email))) return { error: `"email" must be one e-mail address (name@domain.fr), not "${email}"` };
  const station: Station = { id, name, kind, address: get('address'), postcode, commune, phone, ...point };
  if (hours.hours.length) station.hours = hours.hours;
  if (email) station.email = email;
  return { station };
}

/** Latitude and longitude in degrees; a decimal comma (French exports) is read as a point. */
function coordinates(latText: string, lonText: string, latName: string, lonName: string): { lat: number; lon: number } | { error: string } {
  const lat = decimal(latText);
  const lon = decimal(lonText);
  if (lat === undefined || lat < -90 || lat > 90) return { error: `"${latName}" must be a latitude in degrees (-90 to 90), not "${latText}"` };
  if (lon === undefined || lon < -180 || lon > 180) return { error: `"${lonName}" must be a longitude in degrees (-180 to 180), not "${lonText}"` };
  return { lat, lon };
}

function decimal(text: string): number | undefined {
  const normal = text.replace(',', '.');
  return /^-?\d{1,3}(\.\d+)?$/.test(normal) ? Number(normal) : undefined;
}

/** Two police services of one commune with the same name get -2, -3...; a directory's ids must be unique. */
function uniqueId(station: Station, format: StationsFormat, seen: Map<string, number>): Station | undefined {
  if (!seen.has(station.id)) return station;
  if (format === 'directory') return undefined;
  for (let n = 2; ; n++) if (!seen.has(`${station.id}-${n}`)) return { ...station, id: `${station.id}-${n}` };
}

/** "Commissariat de police d'Oyonnax" → "commissariat-de-police-d-oyonnax". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function limit(parsed: ParsedStations): ParsedStations {
  if (parsed.problems.length <= MAX_PROBLEMS) return parsed;
  const more = parsed.problems.length - MAX_PROBLEMS;
  const last = parsed.problems[MAX_PROBLEMS - 1].line;
  return { ...parsed, problems: [...parsed.problems.slice(0, MAX_PROBLEMS), { line: last, message: `... and ${more} more problem(s) after this line` }] };
}
