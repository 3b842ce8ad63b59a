/**
 * Leave-one-writer-out cross-validation over the four voices: train on three writers + the
 * knowledge phrases, test on the fourth, rotate. Prints one markdown table per approach and writes
 * the figures to scripts/triage-lab/results/<approach>.json.
 *
 *   npx tsx scripts/triage-lab/run.ts [--only name,name] [--list]
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Approach, type Context, hubTriage, learned } from './approaches.js';
import { loadKnowledge, loadOlderDev, loadVoices, ROOT, WRITERS } from './data.js';
import { type FoldReport, type Prediction, pooled, recallByLocale, score, table } from './metrics.js';
import { loadStemmers } from './stemmers.js';

const RECALL_FIRST = { kind: 'tuned', name: 'recall-first', recallNow: 0.97, recallCaught: 0.995, minNow: 0.1, minMaybe: 0.02 } as const;
const BALANCED = { kind: 'balanced', name: 'balanced', precisionNow: 0.92, maybeOnNone: 0.08 } as const;
const FIXED = { kind: 'fixed', name: 'fixed 0.5/0.2', thresholds: { now: 0.5, maybe: 0.2 } } as const;
const POLICIES = [BALANCED, RECALL_FIRST, FIXED];
/** The corpus weights (model/training-set.ts DEFAULT_WEIGHTS: the voices' intent lines count fully as none, as the sweeps chose). */
const CORPUS = {};

/** Every approach the lab knows, by name. */
const APPROACHES: Approach[] = [
  // (b) linear model over char 2–5 n-grams + words + bigrams, three danger classes
  learned({ name: 'linear', corpus: CORPUS, policies: POLICIES }),
  learned({ name: 'linear-words-only', features: { charMax: 0 }, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear-chars-only', features: { words: false, bigrams: false }, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear-char-across-words', features: { charScope: 'text' }, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear-no-knowledge', corpus: { kbUrgent: 0, kbNotUrgent: 0, kbPhrasesAsNone: 0, kbPhrases: 0 }, policies: [BALANCED] }),
  // (c) + natural's stemmers
  learned({ name: 'linear+stems', stems: true, corpus: CORPUS, policies: [BALANCED] }),
  // (d) the cue lexicon (or the hub's whole urgency verdict) as a floor under the model
  learned({ name: 'linear+lexicon-floor', floor: 'lexicon', corpus: CORPUS, policies: [BALANCED, RECALL_FIRST] }),
  // (e) features that carry meaning across writers and languages
  learned({ name: 'linear+concepts', concepts: true, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+cues', cues: true, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+concepts+cues', concepts: true, cues: true, corpus: CORPUS, policies: POLICIES }),
  learned({ name: 'linear+concepts+cues+stems', concepts: true, cues: true, stems: true, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+concepts+cues+olderdev', concepts: true, cues: true, olderDev: 1, corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+concepts+cues+lexicon-floor', concepts: true, cues: true, floor: 'lexicon', corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+concepts+cues+lexicon-split-floor', concepts: true, cues: true, floor: 'lexicon-split', corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+concepts+cues+lexicon-maybe-floor', concepts: true, cues: true, floor: 'lexicon-maybe', corpus: CORPUS, policies: [BALANCED] }),
  learned({ name: 'linear+concepts(v2)+cues', conceptsV2: true, cues: true, corpus: CORPUS, policies: [BALANCED] }),
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes('--list')) {
    for (const a of APPROACHES) console.log(a.name);
    return;
  }
  const only = arg('--only')?.split(',');
  const chosen = only ? APPROACHES.filter((a) => only.includes(a.name)) : APPROACHES;
  if (only && chosen.length !== only.length) throw new Error(`unknown approach in ${only.join(',')}; see --list`);

  const voices = loadVoices();
  const kb = await loadKnowledge();
  const hub = hubTriage(kb);
  const detected = new Map<string, string>();
  for (const r of [...voices.urgency, ...voices.intents]) if (!detected.has(r.text)) detected.set(r.text, hub.detectLocale(r.text));
  let stem: Context['stem'];
  try {
    const s = await loadStemmers();
    stem = s.stem;
    console.log(`natural stemmers imported in ${s.importMs.toFixed(0)} ms`);
  } catch {
    console.log('natural is not installed: approaches with stems are skipped');
  }
  const ctx: Context = { voices, kb, hub, locale: (t) => detected.get(t) ?? hub.detectLocale(t), stem, olderDev: loadOlderDev() };
  const outDir = join(ROOT, 'scripts', 'triage-lab', 'results');
  mkdirSync(outDir, { recursive: true });

  for (const approach of chosen) {
    const folds = new Map<string, FoldReport[]>();
    const thresholds = new Map<string, Record<string, unknown>>();
    for (const held of WRITERS) {
      const train = WRITERS.filter((w) => w !== held);
      const urgency = voices.urgency.filter((r) => r.writer === held);
      const intents = voices.intents.filter((r) => r.writer === held);
      for (const fitted of approach.fit(train, ctx)) {
        const run = (text: string): Prediction => fitted.classify(text, ctx.locale(text));
        const uPred = urgency.map((r) => run(r.text));
        const iPred = intents.map((r) => run(r.text));
        // Throughput: every held-out message, repeated for at least half a second, one process.
        const texts = [...urgency, ...intents].map((r) => ({ text: r.text, locale: ctx.locale(r.text) }));
        let n = 0;
        const t0 = performance.now();
        while (performance.now() - t0 < 500) {
          for (const t of texts) fitted.classify(t.text, t.locale);
          n += texts.length;
        }
        const perSecond = (n * 1000) / (performance.now() - t0);
        if (!folds.has(fitted.name)) folds.set(fitted.name, []);
        folds.get(fitted.name)!.push({ ...score(held, urgency, uPred, intents, iPred), trainMs: fitted.trainMs, perSecond });
        if (fitted.thresholds) thresholds.set(fitted.name, { ...thresholds.get(fitted.name), [held]: fitted.thresholds });
      }
    }
    for (const [name, list] of folds) {
      console.log(`\n### ${name}\n`);
      console.log(table(list));
      const t = thresholds.get(name);
      if (t)
        console.log(
          `\nthresholds (now / maybe) per held-out writer: ${Object.entries(t)
            .map(([w, v]) => `${w} ${JSON.stringify(v)}`)
            .join(', ')}`,
        );
      const p = pooled(list);
      console.log(`\nnow messages not flagged now, by kind (pooled): ${JSON.stringify(p.missesByKind)}`);
      console.log(`now recall by locale (pooled): ${recallByLocale(p)}`);
      const file = name.replace(/[^\w+.-]+/g, '_');
      writeFileSync(join(outDir, `${file}.json`), `${JSON.stringify({ approach: name, folds: list, pooled: p, thresholds: t }, null, 2)}\n`);
    }
  }
}

await main();
