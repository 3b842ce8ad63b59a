/** A police station or gendarmerie brigade as the hub keeps it (one row of an imported directory). */

/** Who runs the station. */
export const STATION_KINDS = ['police', 'gendarmerie'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

/** Days of the week, Monday first (the order of `hours`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening range on one day, local time "HH:MM" (`to` may be "24:00"). */
export interface OpeningRange {
  day: Weekday;
  from: string;
  to: string;
}

/** A station; `hours` only when the directory gives them (the police open-data file does not). */
export interface Station {
  id: string;
  name: string;
  kind: StationKind;
  /** Street address (number and street), without postcode and commune. */
  address: string;
  postcode: string;
  commune: string;
  phone: string;
  lat: number;
  lon: number;
  hours?: OpeningRange[];
  /** The unit's mailbox for cases agents forward to it, when the directory gives one. Never shown
   * to citizens nor served by the public API (a unit's working address, not a public one). */
  email?: string;
}

/** A station with its distance from the place asked about. */
export type NearbyStation = Station & { distanceKm: number };
