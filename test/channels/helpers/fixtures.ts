/** Platform JSON fixtures under test/fixtures/<channel>/, written from each platform's documented wire format. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DIR = resolve(import.meta.dirname, '..', '..', 'fixtures');

/** The parsed fixture `test/fixtures/<channel>/<name>.json`. */
export function fixture<T = any>(channel: string, name: string): T {
  return JSON.parse(readFileSync(resolve(DIR, channel, `${name}.json`), 'utf8')) as T;
}

/** The raw bytes of a fixture (for signature tests). */
export function fixtureBytes(channel: string, name: string): Buffer {
  return readFileSync(resolve(DIR, channel, `${name}.json`));
}
