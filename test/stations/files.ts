/** The stations files the tests read, and the `relais stations` command as an operator runs it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONTENT_DIR, ROOT } from '../helpers/hub.js';

/** The official sample (six police services, Nouméa included; Licence Ouverte, copied from ../shared/data). */
export const POLICE_SAMPLE = join(ROOT, 'test/fixtures/stations/police_nationale_services_accueil_2018-11.csv');
/** Three brigades in the documented directory format, with hours. */
export const BRIGADES = join(ROOT, 'test/fixtures/stations/brigades.csv');

/** Runs `relais stations ...` (a separate process) against a test Redis. */
export function stationsCommand(redisUrl: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [join(ROOT, 'bin/relais.js'), 'stations', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', CONTENT_DIR, REDIS_URL: redisUrl },
  });
  return { status: out.status, stdout: out.stdout.toString(), stderr: out.stderr.toString() };
}
