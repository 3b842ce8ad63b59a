/** `npm run bench`: every benchmark, one run, figures printed as a table (medians and ratios;
 * these machines are noisy, so compare runs on the same machine only). */
import { benchHandoff } from './handoff.js';
import { benchHub, benchTriageCli } from './hub.js';
import { benchTriage } from './triage.js';

process.env.LOG_LEVEL ??= 'silent';

async function main(): Promise<void> {
  const results: Record<string, number> = {};
  const only = process.argv[2];
  const parts: [string, () => Promise<Record<string, number>> | Record<string, number>][] = [
    ['triage', () => benchTriage()],
    ['cli', () => benchTriageCli()],
    ['hub', () => benchHub()],
    ['handoff', () => benchHandoff()],
  ];
  for (const [name, run] of parts) {
    if (only && only !== name) continue;
    process.stderr.write(`running ${name}…\n`);
    Object.assign(results, await run());
  }
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
