/**
 * Intent-model sweeps (lab only): leave-one-writer-out accuracy per language on intents.jsonl.
 *   npx tsx scripts/triage-lab/sweep-intents.ts '[{"name":"base"}]'
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { normalizeTokens } from '../../src/triage/normalize.js';
import { hubTriage } from './approaches.js';
import { LOCALES, loadKnowledge, loadVoices, WRITERS, type Writer } from './data.js';
import { dangerConceptsOf } from '../../src/triage/model/danger-concepts.js';
import { DEFAULT_FEATURES, FeatureExtractor, type FeatureOptions, type Sparse } from '../../src/triage/model/features.js';
import { DEFAULT_TRAIN, type Example, SoftmaxRegression, type TrainOptions } from '../../src/triage/model/softmax-regression.js';
import { loadStemmers } from './stemmers.js';

const voices = loadVoices();
const kb = await loadKnowledge();
const hub = hubTriage(kb);
const stems = await loadStemmers();
interface Item {
  text: string;
  locale: string;
  intent: string;
  writer?: Writer;
  src: string;
}
const items: Item[] = [
  ...voices.intents.map((r) => ({ ...r, src: 'vi' })),
  ...voices.urgency.map((r) => ({ text: r.text, locale: r.locale, intent: r.intent, writer: r.writer, src: 'vu' })),
  ...kb.phrases.map((r) => ({ ...r, src: 'kp' })),
];
const ids = [...new Set(items.map((i) => i.intent))].sort();
const detected = items.map((it) => (it.writer ? hub.detectLocale(it.text) : it.locale));
const toks = items.map((it) => normalizeTokens(it.text));
interface Cfg {
  name: string;
  feat?: Partial<FeatureOptions>;
  stems?: boolean;
  /** The danger concepts as intent features (the old hub's topic concepts were removed with its intent model). */
  concepts?: 'danger';
  train?: Partial<TrainOptions>;
  w?: Record<string, number>;
  balance?: boolean;
}
for (const cfg of JSON.parse(process.argv[2] ?? '[]') as Cfg[]) {
  const concepts = cfg.concepts === 'danger' ? dangerConceptsOf : undefined;
  const fx = new FeatureExtractor({ ...DEFAULT_FEATURES, ...cfg.feat, ...(cfg.stems ? { stem: stems.stem } : {}), ...(concepts ? { concepts } : {}) });
  const xs: Sparse[] = items.map((it, i) => fx.extract(toks[i]!, it.locale));
  const xt: Sparse[] = items.map((it, i) => (cfg.stems && it.writer ? fx.extract(toks[i]!, detected[i]!) : xs[i]!));
  const w: Record<string, number> = { vi: 1, vu: 0.7, kp: 1, ...cfg.w };
  const ok: Record<string, number> = {},
    n: Record<string, number> = {};
  let uok = 0,
    un = 0,
    trainMs = 0;
  for (const held of WRITERS) {
    const per = new Map<string, number>();
    const ex: Example[] = [];
    items.forEach((it, i) => {
      if (it.writer === held || !w[it.src]) return;
      ex.push({ x: xs[i]!, y: ids.indexOf(it.intent), w: w[it.src]! });
      per.set(it.intent, (per.get(it.intent) ?? 0) + w[it.src]!);
    });
    const mean = [...per.values()].reduce((a, b) => a + b, 0) / per.size;
    if (cfg.balance !== false) for (const e of ex) e.w *= mean / per.get(ids[e.y]!)!;
    const m = new SoftmaxRegression(fx.dim, ids.length);
    const t0 = performance.now();
    m.train(ex, { ...DEFAULT_TRAIN, ...cfg.train });
    trainMs += performance.now() - t0;
    items.forEach((it, i) => {
      if (it.writer !== held) return;
      const p = m.predict(xt[i]!);
      let b = 0;
      for (let k = 1; k < p.length; k++) if (p[k]! > p[b]!) b = k;
      const good = ids[b] === it.intent ? 1 : 0;
      if (it.src === 'vi') {
        ok[it.locale] = (ok[it.locale] ?? 0) + good;
        n[it.locale] = (n[it.locale] ?? 0) + 1;
      } else {
        uok += good;
        un++;
      }
    });
  }
  const all = Object.values(ok).reduce((a, b) => a + b, 0) / Object.values(n).reduce((a, b) => a + b, 0);
  console.log(
    `${cfg.name.padEnd(30)} ${LOCALES.map((l) => `${l} ${((100 * ok[l]!) / n[l]!).toFixed(1)}`).join(' ')} | all ${(100 * all).toFixed(1)} | urgency-lines ${((100 * uok) / un).toFixed(1)} [train ${(trainMs / 4).toFixed(0)} ms]`,
  );
}
