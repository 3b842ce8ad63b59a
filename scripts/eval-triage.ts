/**
 * Evaluates the triage. `npm run eval`: the blind split (test/data/triage/blind/, one writer's set
 * frozen before any modelling), aggregate figures only — no message of it is ever printed, so
 * nothing can be tuned on it; `--split blind-arabizi` the same for writer BX's Arabic in Latin letters. `npm run eval -- --split test|dev|dev2|dev3 [--verbose]`: the older
 * labelled splits, with misses listed for error analysis.
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

interface BlindUrgency {
  text: string;
  locale: string;
  danger: 'now' | 'maybe' | 'none';
  intent: string;
}

/** Figures on the blind split (see its README): aggregate counts only. */
export interface BlindReport {
  nowRecall: [number, number];
  shownRecall: [number, number];
  nowPrecision: [number, number];
  maybeOnNone: [number, number];
  goldMaybeShown: [number, number];
  urgentIntent: [number, number];
  intentByLocale: Record<string, [number, number]>;
  nowRecallByLocale: Record<string, [number, number]>;
  locale: [number, number];
  localeByLocale: Record<string, [number, number]>;
}

/** The blind splits: writer E's (seven languages) and writer BX's (Arabic typed in Latin letters). */
export type BlindSplit = 'blind' | 'blind-arabizi';

/** Runs the triage over a blind split. */
export function evaluateBlind(triage: RelaisTriage, split: BlindSplit = 'blind'): BlindReport {
  const read = <T>(f: string): T[] =>
    readFileSync(join(DATA, split, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as T);
  const urgency = read<BlindUrgency>('urgency.jsonl');
  const intents = read<IntentRow>('intents.jsonl');
  // Writer BX wrote no locale file: every line of that split is Arabic, and each one is asked.
  const locales = split === 'blind' ? read<{ text: string; locale: string }>('locale.jsonl') : [...urgency, ...intents];
  const r: BlindReport = {
    nowRecall: [0, 0],
    shownRecall: [0, 0],
    nowPrecision: [0, 0],
    maybeOnNone: [0, 0],
    goldMaybeShown: [0, 0],
    urgentIntent: [0, 0],
    intentByLocale: {},
    nowRecallByLocale: {},
    locale: [0, 0],
    localeByLocale: {},
  };
  const count = (pair: [number, number], hit: boolean) => {
    pair[1]++;
    if (hit) pair[0]++;
  };
  const none: ('now' | 'maybe' | 'none')[] = [];
  for (const row of urgency) {
    const v = triage.classify(row.text);
    if (v.danger === 'now') count(r.nowPrecision, row.danger === 'now');
    if (row.danger === 'now') {
      count(r.nowRecall, v.danger === 'now');
      count(r.shownRecall, v.danger !== 'none');
      count(r.urgentIntent, v.intent === row.intent);
      r.nowRecallByLocale[row.locale] ??= [0, 0];
      count(r.nowRecallByLocale[row.locale]!, v.danger === 'now');
    } else if (row.danger === 'maybe') count(r.goldMaybeShown, v.danger !== 'none');
    else none.push(v.danger);
  }
  for (const row of intents) {
    const v = triage.classify(row.text);
    if (v.danger === 'now') count(r.nowPrecision, false);
    none.push(v.danger);
    r.intentByLocale[row.locale] ??= [0, 0];
    count(r.intentByLocale[row.locale]!, v.intent === row.intent);
  }
  for (const d of none) count(r.maybeOnNone, d === 'maybe');
  for (const row of locales) {
    const ok = triage.detectLocale(row.text) === row.locale;
    count(r.locale, ok);
    r.localeByLocale[row.locale] ??= [0, 0];
    count(r.localeByLocale[row.locale]!, ok);
  }
  return r;
}

const ratio = ([a, b]: [number, number]) => `${b ? ((100 * a) / b).toFixed(1) : '–'} % (${a}/${b})`;

function printBlind(r: BlindReport, split: BlindSplit, trainingMs: number): void {
  console.log(`Triage on the blind split (test/data/triage/${split}/; model built in ${trainingMs.toFixed(0)} ms)`);
  console.log(`now recall                ${ratio(r.nowRecall)}   target ≥ 97 %`);
  console.log(`now-or-maybe recall       ${ratio(r.shownRecall)}   target ≥ 99.5 %`);
  console.log(`now precision             ${ratio(r.nowPrecision)}   target ≥ 92 %`);
  console.log(`maybe on non-urgent       ${ratio(r.maybeOnNone)}   target ≤ 8 %`);
  console.log(`gold maybe: numbers shown ${ratio(r.goldMaybeShown)}`);
  console.log(`contract intent of now    ${ratio(r.urgentIntent)}`);
  console.log(`locale${split === 'blind' ? ' (2–8 words)' : '            '}        ${ratio(r.locale)}   target ≥ 97 %`);
  console.log(
    `locale by language:       ${Object.entries(r.localeByLocale)
      .map(([l, p]) => `${l} ${ratio(p)}`)
      .join(', ')}`,
  );
  console.log(
    'now recall by language:   ' +
      Object.entries(r.nowRecallByLocale)
        .map(([l, p]) => `${l} ${ratio(p)}`)
        .join(', '),
  );
  console.log('intent accuracy (targets fr ≥ 92 %, en ≥ 90 %, others ≥ 85 %):');
  let all: [number, number] = [0, 0];
  for (const [loc, p] of Object.entries(r.intentByLocale)) {
    console.log(`  ${loc}  ${ratio(p)}`);
    all = [all[0] + p[0], all[1] + p[1]];
  }
  console.log(`  all ${ratio(all)}`);
}

async function main(): Promise<void> {
  const arg = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : 'blind';
  if (arg === 'blind' || arg === 'blind-arabizi') {
    const { content } = await loadTriageContent(ROOT);
    const triage = await createTriage(content, { modelDir: join(ROOT, 'var') });
    printBlind(evaluateBlind(triage, arg), arg, triage.trainingMs);
    return;
  }
  const split: Split = arg === 'dev' || arg === 'dev2' || arg === 'dev3' ? arg : 'test';
  const verbose = process.argv.includes('--verbose');
  const { content, problems } = await loadTriageContent(ROOT);
  if (problems.length) console.log(`(content has ${problems.length} problem(s); knowledge read directly)`);
  const triage = await createTriage(content);
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
