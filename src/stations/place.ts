/** Where a citizen is, from what they typed, and which stations are nearest. Pure, over the stations
 * imported: a postcode or a commune is placed at the centre of the stations that share it (there is
 * no gazetteer of France here, and stations cover every département). */
import type { NearbyStation, Station } from './types.js';

/** A point and how the citizen's words were read. */
export interface Place {
  lat: number;
  lon: number;
  /** What was recognised: the postcode, the commune as the directory spells it, or the coordinates. */
  label: string;
  by: 'coordinates' | 'postcode' | 'department' | 'commune';
}

/** Why `near` cannot be read at all (as opposed to a place that is not known). */
export class InvalidPlace extends Error {}

const MAX_PLACE_CHARS = 100;
const LAT_LON = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;
/** A commune name found inside a sentence must be this long, so "y" or "eu" do not match any text. */
const MIN_NAME_IN_TEXT = 4;

/** The place `text` names, undefined when no station matches it; throws InvalidPlace when `text`
 * cannot be a place (empty, too long, coordinates out of range, digits that are not a postcode).
 * `inText`: also look for a postcode or a commune inside a sentence ("je suis à Laon"). */
export function resolvePlace(stations: readonly Station[], text: string, options: { inText?: boolean } = {}): Place | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_PLACE_CHARS) throw new InvalidPlace(`a place is 1 to ${MAX_PLACE_CHARS} characters`);
  const point = LAT_LON.exec(trimmed);
  if (point) {
    const [lat, lon] = [Number(point[1]), Number(point[2])];
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new InvalidPlace('"lat,lon" needs a latitude from -90 to 90 and a longitude from -180 to 180');
    return { lat, lon, label: `${lat},${lon}`, by: 'coordinates' };
  }
  if (/^[\d\s]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\s/g, '');
    if (!/^\d{5}$/.test(digits)) throw new InvalidPlace('a postcode has 5 digits');
    return byPostcode(stations, digits);
  }
  const commune = byCommune(stations, normalisePlace(trimmed));
  if (commune || !options.inText) return commune;
  const postcode = /(?:^|\D)(\d{5})(?:\D|$)/.exec(trimmed);
  if (postcode) return byPostcode(stations, postcode[1]);
  return communeInText(stations, normalisePlace(trimmed));
}

function byPostcode(stations: readonly Station[], postcode: string): Place | undefined {
  const same = stations.filter((s) => s.postcode === postcode);
  if (same.length) return { ...centre(same), label: postcode, by: 'postcode' };
  const department = departmentOf(postcode);
  const near = stations.filter((s) => departmentOf(s.postcode) === department);
  return near.length ? { ...centre(near), label: postcode, by: 'department' } : undefined;
}

function byCommune(stations: readonly Station[], wanted: string): Place | undefined {
  const same = stations.filter((s) => normalisePlace(s.commune) === wanted);
  return same.length ? { ...centre(same), label: same[0].commune, by: 'commune' } : undefined;
}

/** The longest commune name that appears as whole words in the text. */
function communeInText(stations: readonly Station[], text: string): Place | undefined {
  const padded = ` ${text} `;
  let best: string | undefined;
  for (const s of stations) {
    const name = normalisePlace(s.commune);
    if (name.length >= MIN_NAME_IN_TEXT && (!best || name.length > best.length) && padded.includes(` ${name} `)) best = name;
  }
  return best === undefined ? undefined : byCommune(stations, best);
}

/** The département of a postcode: two digits, three overseas (97x, 98x), 2A/2B for Corsica (20xxx). */
export function departmentOf(postcode: string): string {
  if (/^9[78]/.test(postcode)) return postcode.slice(0, 3);
  if (postcode.startsWith('20')) return Number(postcode.slice(0, 3)) < 202 ? '2A' : '2B';
  return postcode.slice(0, 2);
}

/** A name as compared: no case, no accents, words only, "saint" as "st" ("Saint-Quentin" = "ST QUENTIN"). */
export function normalisePlace(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((word) => (word === 'saint' ? 'st' : word === 'sainte' ? 'ste' : word))
    .join(' ');
}

/** The `limit` stations nearest to a point, nearest first, with their distance (km, to 10 m). */
export function nearestStations(stations: readonly Station[], point: { lat: number; lon: number }, limit: number): NearbyStation[] {
  return stations
    .map((s) => ({ ...s, distanceKm: Math.round(haversineKm(point, s) * 100) / 100 }))
    .sort((a, b) => a.distanceKm - b.distanceKm || a.id.localeCompare(b.id))
    .slice(0, limit);
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance between two points in degrees, in kilometres. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The mean of the stations' coordinates (they are close together: a commune or a département). */
function centre(stations: readonly Station[]): { lat: number; lon: number } {
  const lat = stations.reduce((sum, s) => sum + s.lat, 0) / stations.length;
  const lon = stations.reduce((sum, s) => sum + s.lon, 0) / stations.length;
  return { lat, lon };
}
