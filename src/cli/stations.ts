/** `relais stations import FILE.csv [--source NAME] | list | remove SOURCE`: the directory of police
 * stations and gendarmerie brigades the bot and GET /api/v1/stations answer from (docs/stations.md). */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../config.js';
import { StationDirectory, parseStationsCsv, type StationsFormat } from '../stations/index.js';
import { withRedis } from './with-redis.js';

const USAGE = 'usage: relais stations import FILE.csv [--source NAME] | list | remove SOURCE';

/** The source a file replaces when `--source` is not given: one per format. */
const DEFAULT_SOURCE: Record<StationsFormat, string> = { police: 'police', directory: 'directory' };

/** Runs `relais stations ...`; the exit code (1: a bad file or an unknown source, 2: usage). */
export async function runStations(config: Config, args: string[]): Promise<number> {
  const [action, arg] = args;
  if (action === 'import' && arg) return importFile(config, arg, option(args, '--source'));
  if (action === 'list')
    return withRedis(config, async (redis) => {
      const sources = await new StationDirectory(redis, config.redisPrefix).sources();
      for (const { source, count } of sources) console.log(`${source}\t${count}`);
      if (!sources.length) console.log('no stations imported');
      return 0;
    });
  if (action === 'remove' && arg)
    return withRedis(config, async (redis) => {
      if (!(await new StationDirectory(redis, config.redisPrefix).remove(arg))) {
        console.error(`no source named ${arg}`);
        return 1;
      }
      console.log(`source ${arg} removed`);
      return 0;
    });
  console.error(USAGE);
  return 2;
}

async function importFile(config: Config, file: string, source: string | undefined): Promise<number> {
  if (source !== undefined && !StationDirectory.isSourceName(source)) {
    console.error(`--source: "${source}" is not a source name (lower-case letters, digits, "-", "_"; at most 32)`);
    return 2;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(code === 'ENOENT' ? `${file}: file not found` : code ? `${file}: ${(err as Error).message}` : `${file}: not UTF-8 text (save it as UTF-8)`);
    return 1;
  }
  // The whole file is checked before anything is written: a bad line imports nothing.
  const parsed = parseStationsCsv(text);
  if (parsed.problems.length || !parsed.format) {
    for (const p of parsed.problems) console.error(`${basename(file)}:${p.line}: ${p.message}`);
    console.error('nothing imported');
    return 1;
  }
  const name = source ?? DEFAULT_SOURCE[parsed.format];
  return withRedis(config, async (redis) => {
    const directory = new StationDirectory(redis, config.redisPrefix);
    await directory.replace(name, parsed.stations);
    const total = (await directory.sources()).reduce((sum, s) => sum + s.count, 0);
    console.log(`imported ${parsed.stations.length} station(s) (${parsed.format} format) as source "${name}"; ${total} station(s) in all`);
    return 0;
  });
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? '') : undefined;
}
