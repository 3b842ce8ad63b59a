/** The stations files the tests read, and the `relais stations` command as an operator runs it. */
import { join } from 'node:path';
import { type RelaisRun, runRelais } from '../helpers/cli.js';
import { ROOT } from '../helpers/hub.js';

/** The official sample (six police services, Nouméa included; Licence Ouverte, copied from ../shared/data). */
export const POLICE_SAMPLE = join(ROOT, 'test/fixtures/stations/police_nationale_services_accueil_2018-11.csv');
/** Three brigades in the documented directory format, with hours. */
export const BRIGADES = join(ROOT, 'test/fixtures/stations/brigades.csv');

/** Runs `relais stations ...` (a separate process) against a test Redis. */
export function stationsCommand(redisUrl: string, args: string[]): RelaisRun {
  return runRelais(['stations', ...args], { env: { REDIS_URL: redisUrl } });
}

/** The sample's first row as the import reads it (Oyonnax, 01100). */
export const OYONNAX = {
  id: 'pn-01283-commissariat-de-police-d-oyonnax',
  name: "Commissariat de police d'Oyonnax",
  kind: 'police',
  address: '57 Rue Pasteur',
  postcode: '01100',
  commune: 'OYONNAX',
  phone: '+33 4 74 77 47 33',
  lat: 46.2538898,
  lon: 5.65241071,
};
