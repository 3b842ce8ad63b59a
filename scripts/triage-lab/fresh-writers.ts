/**
 * A fresh probe: the hub's triage (as the content stands) on writers it has not trained on, e.g. a new
 * round in a folder outside knowledge/ before it joins the corpus. Aggregates by writer and by kind.
 *   npx tsx scripts/triage-lab/fresh-writers.ts /work/corpus-new/u /work/corpus-new/v
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createTriage, loadTriageContent } from '../../src/triage/index.js';
import { ROOT } from './data.js';

interface Row {
  text: string;
  locale: string;
  danger: 'now' | 'maybe' | 'none';
  kind?: string;
}

const { content } = await loadTriageContent(ROOT);
const triage = await createTriage(content, { modelDir: join(ROOT, 'var') });
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '–');
for (const dir of process.argv.slice(2)) {
  // urgency.jsonl as labelled; intents.jsonl lines are ordinary messages: `none`.
  const read = (file: string): Row[] =>
    existsSync(join(dir, file))
      ? readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => ({ danger: 'none', ...(JSON.parse(l) as Partial<Row>) }) as Row)
      : [];
  const rows = [...read('urgency.jsonl'), ...read('intents.jsonl')];
  let now = 0,
    nowHit = 0,
    nowCaught = 0,
    flaggedNow = 0,
    none = 0,
    noneMaybe = 0,
    noneNow = 0,
    maybeGold = 0,
    maybeCaught = 0;
  const missedByKind = new Map<string, number>();
  for (const r of rows) {
    const v = triage.classify(r.text);
    if (v.danger === 'now') flaggedNow++;
    if (r.danger === 'now') {
      now++;
      if (v.danger === 'now') nowHit++;
      if (v.danger !== 'none') nowCaught++;
      else missedByKind.set(r.kind ?? '?', (missedByKind.get(r.kind ?? '?') ?? 0) + 1);
    } else if (r.danger === 'none') {
      none++;
      if (v.danger === 'maybe') noneMaybe++;
      if (v.danger === 'now') noneNow++;
    } else {
      maybeGold++;
      if (v.danger !== 'none') maybeCaught++;
    }
  }
  console.log(
    `${basename(dir)}: now recall ${pct(nowHit, now)} (${nowHit}/${now}), now-or-maybe ${pct(nowCaught, now)}, precision ${pct(nowHit, flaggedNow)}, ` +
      `maybe on none ${pct(noneMaybe, none)}, now on none ${pct(noneNow, none)}, gold maybe with the numbers ${pct(maybeCaught, maybeGold)}; missed (none) by kind: ${[...missedByKind].map(([k, n]) => `${k} ${n}`).join(', ') || '—'}`,
  );
}
