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
