/**
 * Evaluates the triage on the labelled data under test/data/triage/: urgent recall and precision,
 * intent accuracy per language, the most confused intent pairs. `npm run eval [-- --split dev|dev2|dev3]`.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTriage, loadTriageContent, type RelaisTriage } from '../src/triage/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'test', 'data', 'triage');

interface IntentRow {
  text: string;
  locale: string;
  intent: string;
}
interface PairRow {
  urgent: string;
  lookalike: string;
  locale: string;
  family: string;
  kind: string;
  intent: string;
}

/** Read a JSONL file of the labelled data. */
export function readJsonl<T>(file: string): T[] {
  return readFileSync(join(DATA, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Figures the eval prints (also used by the regression tests). */
export interface EvalReport {
  urgentRecall: number;
  urgentPrecision: number;
  urgentIntentAccuracy: number;
  accuracyByLocale: Record<string, { correct: number; total: number }>;
  localeAccuracy: number;
  confused: [string, number][];
  misses: string[];
  falseAlarms: string[];
  wrong: string[];
}

/** The labelled splits: `test` is held out; the dev splits are for tuning. */
export type Split = 'test' | 'dev' | 'dev2' | 'dev3';

/** Run the triage over one split (`test`, `dev`, `dev2` or `dev3`) and compute the report. */
export function evaluate(triage: RelaisTriage, split: Split): EvalReport {
  // dev2 and dev3 are further independent sets of urgency pairs; they reuse the dev intents.
  const intents = readJsonl<IntentRow>(`intents-${split === 'test' ? 'test' : 'dev'}.jsonl`);
  const pairs = readJsonl<PairRow>(split === 'test' ? 'urgency-pairs.jsonl' : `urgency-${split}.jsonl`);
  let tp = 0,
    fp = 0,
    fn = 0,
    urgentIntentOk = 0,
    localeOk = 0,
    localeTotal = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const byLocale: Record<string, { correct: number; total: number }> = {};
  const confusion = new Map<string, number>();
  const wrong: string[] = [];
  for (const p of pairs) {
    const u = triage.classify(p.urgent);
    if (u.urgent) tp++;
    else {
      fn++;
      misses.push(`[${p.family}/${p.kind}] ${p.urgent}`);
    }
    if (u.intent === p.intent) urgentIntentOk++;
    const l = triage.classify(p.lookalike);
    if (l.urgent) {
      fp++;
      falseAlarms.push(`[${p.family}] ${p.lookalike}`);
    }
  }
  for (const row of intents) {
    const r = triage.classify(row.text);
    if (r.urgent) {
      fp++;
      falseAlarms.push(`[intent ${row.intent}] ${row.text}`);
    }
    byLocale[row.locale] ??= { correct: 0, total: 0 };
    const slot = byLocale[row.locale];
    slot.total++;
    if (r.intent === row.intent) slot.correct++;
    else {
      const key = `${row.intent} → ${r.intent}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      wrong.push(`[${key}] ${row.text}`);
    }
    localeTotal++;
    if (r.locale === row.locale) localeOk++;
  }
  return {
    urgentRecall: tp / Math.max(1, tp + fn),
    urgentPrecision: tp / Math.max(1, tp + fp),
    urgentIntentAccuracy: urgentIntentOk / Math.max(1, pairs.length),
    accuracyByLocale: byLocale,
    localeAccuracy: localeOk / Math.max(1, localeTotal),
    confused: [...confusion.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10),
    misses,
    falseAlarms,
    wrong,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

async function main(): Promise<void> {
  const arg = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : undefined;
  const split: Split = arg === 'dev' || arg === 'dev2' || arg === 'dev3' ? arg : 'test';
  const verbose = process.argv.includes('--verbose');
  const { content, problems } = await loadTriageContent(ROOT);
  if (problems.length) console.log(`(content has ${problems.length} problem(s); knowledge read directly)`);
  const triage = createTriage(content);
  const r = evaluate(triage, split);
  console.log(`Triage evaluation on the ${split} split (training ${triage.trainingMs.toFixed(0)} ms)`);
  console.log(`urgent recall     ${pct(r.urgentRecall)}`);
  console.log(`urgent precision  ${pct(r.urgentPrecision)}`);
  console.log(`urgent → intent   ${pct(r.urgentIntentAccuracy)} (contract intent of urgent messages)`);
  console.log(`locale detection  ${pct(r.localeAccuracy)}`);
  console.log('intent accuracy by language:');
  let c = 0,
    t = 0;
  for (const [loc, s] of Object.entries(r.accuracyByLocale)) {
    console.log(`  ${loc}  ${pct(s.correct / s.total).padStart(7)}  (${s.correct}/${s.total})`);
    c += s.correct;
    t += s.total;
  }
  console.log(`  all ${pct(c / t).padStart(7)}  (${c}/${t})`);
  console.log('most confused (expected → got):');
  for (const [k, n] of r.confused) console.log(`  ${n}  ${k}`);
  console.log(`urgent misses: ${r.misses.length}, false alarms: ${r.falseAlarms.length}`);
  if (verbose) {
    for (const m of r.misses) console.log(`  MISS  ${m}`);
    for (const f of r.falseAlarms) console.log(`  FALSE ${f}`);
    for (const w of r.wrong) console.log(`  WRONG ${w}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
