/**
 * A fresh probe: the hub's triage (as the content stands) on writers it has not trained on, e.g. a new
 * round in a folder outside knowledge/ before it joins the corpus; the lab's table (metrics.ts), one
 * row per folder and the pooled row, then what was not called `now`, by kind.
 *   npx tsx scripts/triage-lab/fresh-writers.ts /work/corpus-new/u /work/corpus-new/v
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { basename, join } from 'node:path';
import { createTriage, loadTriageContent } from '../../src/triage/index.js';
import { loadWriter, ROOT } from './data.js';
import { type FoldReport, pooled, score, table } from './metrics.js';

const { content } = await loadTriageContent(ROOT);
const triage = await createTriage(content, { modelDir: join(ROOT, 'var') });
const classify = ({ text }: { text: string }) => triage.classify(text);
const folds: FoldReport[] = process.argv.slice(2).map((dir) => {
  const { urgency, intents } = loadWriter(dir, basename(dir));
  return { ...score(basename(dir), urgency, urgency.map(classify), intents, intents.map(classify)), trainMs: 0, perSecond: 0 };
});
console.log(table(folds));
console.log(`now messages not flagged now, by kind (pooled): ${JSON.stringify(pooled(folds).missesByKind)}`);
