/** Stations: the directory of police stations and gendarmerie brigades (import, storage, nearest). */
export { StationDirectory, type NearbyResult, type StationFinder } from './directory.js';
export { DIRECTORY_COLUMNS, DIRECTORY_OPTIONAL_COLUMNS, POLICE_COLUMNS, type ParsedStations, type StationsFormat, parseStationsCsv } from './formats.js';
export { formatHours, parseHours } from './hours.js';
export { InvalidPlace, type Place, departmentOf, haversineKm, nearestStations, normalisePlace, resolvePlace } from './place.js';
export { mapUrl, nearbyReply } from './reply.js';
export { STATION_KINDS, type NearbyStation, type OpeningRange, type Station, type StationKind, WEEKDAYS } from './types.js';
