/** The bot's answer with the nearest stations: name, address, phone, hours when known, distance,
 * and a map link for each, in the citizen's language (sentences from flows/phrases.yaml). Pure. */
import type { Reply } from '../flows/engine.js';
import type { Phrases } from '../i18n/phrases.js';
import { formatHours } from './hours.js';
import type { NearbyResult } from './directory.js';

/** Below this distance the place is the station's own commune: saying "0.4 km" would mislead. */
const SHOW_DISTANCE_FROM_KM = 1;

/** The reply listing `found.stations`, nearest first. */
export function nearbyReply(found: NearbyResult, phrases: Phrases, locale: string): Reply {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: found.place.by === 'coordinates' ? 1 : 0 });
  const blocks = found.stations.map((s, i) => {
    const distance = s.distanceKm >= SHOW_DISTANCE_FROM_KM ? ` (${phrases.t('stations_distance', locale, { km: number.format(s.distanceKm) })})` : '';
    const lines = [`${i + 1}. ${s.name}${distance}`, [s.address, `${s.postcode} ${s.commune}`].filter(Boolean).join(', ')];
    if (s.phone) lines.push(`\u260e ${s.phone}`);
    if (s.hours?.length) lines.push(phrases.t('stations_hours', locale, { hours: formatHours(s.hours, locale) }));
    return lines.join('\n');
  });
  return {
    text: [phrases.t('stations_nearest', locale, { place: found.place.label }), ...blocks].join('\n\n'),
    links: found.stations.map((s) => ({ label: phrases.t('stations_map', locale, { name: s.name }), url: mapUrl(s) })),
  };
}

/** An OpenStreetMap link centred on a point. */
export function mapUrl(point: { lat: number; lon: number }): string {
  return `https://www.openstreetmap.org/?mlat=${point.lat}&mlon=${point.lon}#map=17/${point.lat}/${point.lon}`;
}
