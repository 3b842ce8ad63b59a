/**
 * Learning curve over writers: the danger model trained on the knowledge plus 0, 1, 2 or 3 of the
 * other writers, tested on each held-out writer (threshold-free figures on the pooled predictions:
 * best now recall at ≥ 92 % precision; now-or-maybe recall with maybe on ≤ 8 % of none messages).
 *   npx tsx scripts/triage-lab/learning-curve.ts
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { corpus, hubTriage } from './approaches.js';
import { loadKnowledge, loadOlderDev, loadVoices, WRITERS, type Writer } from './data.js';
import { LearnedTriage } from '../../src/triage/model/learned-triage.js';
import { RECOMMENDED_OPTIONS } from '../../src/triage/model/recommended.js';
import { DEFAULT_WEIGHTS } from '../../src/triage/model/training-set.js';

const voices = loadVoices();
const kb = await loadKnowledge();
const hub = hubTriage(kb);
const ctx = { voices, kb, hub, locale: (t: string) => hub.detectLocale(t), olderDev: loadOlderDev() };

function subsets<T>(xs: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [h, ...rest] = xs;
  return [...subsets(rest, k - 1).map((s) => [h!, ...s]), ...subsets(rest, k)];
}

console.log('| writers in training | best now recall at precision ≥ 92 % | now-or-maybe recall at maybe ≤ 8 % of none | intent accuracy (all languages) |');
console.log('|---|---|---|---|');
for (const k of [0, 1, 2, 3]) {
  const out: { gold: string; pm: number; pn: number }[] = [];
  let ok = 0,
    n = 0;
  for (const held of WRITERS) {
    const others = WRITERS.filter((w) => w !== held);
    for (const train of subsets<Writer>(others, k)) {
      const set = corpus(train, ctx, DEFAULT_WEIGHTS);
      const m = LearnedTriage.train(set.danger, set.intents, RECOMMENDED_OPTIONS);
      for (const r of voices.urgency.filter((x) => x.writer === held)) {
        const p = m.dangerProbs(r.text, ctx.locale(r.text));
        out.push({ gold: r.danger, pm: p[1]!, pn: p[2]! });
      }
      for (const r of voices.intents.filter((x) => x.writer === held)) {
        const v = m.classify(r.text, ctx.locale(r.text));
        out.push({ gold: 'none', pm: v.pMaybe, pn: v.pNow });
        n++;
        if (v.intent === r.intent) ok++;
      }
    }
  }
  const now = out.filter((o) => o.gold === 'now');
  const none = out.filter((o) => o.gold === 'none');
  let best = { r: 0, t: 0.99 };
  for (let t = 0.99; t >= 0.05; t -= 0.01) {
    const f = out.filter((o) => o.pn >= t);
    const tp = f.filter((o) => o.gold === 'now').length;
    if (tp / Math.max(1, f.length) >= 0.92 && tp / now.length > best.r) best = { r: tp / now.length, t };
  }
  let caught = 0;
  for (let t = 0.99; t >= 0.01; t -= 0.01) {
    if (none.filter((o) => o.pn < best.t && o.pn + o.pm >= t).length / none.length > 0.08) break;
    caught = now.filter((o) => o.pn >= best.t || o.pn + o.pm >= t).length / now.length;
  }
  console.log(`| ${k} | ${(100 * best.r).toFixed(1)} | ${(100 * caught).toFixed(1)} | ${((100 * ok) / n).toFixed(1)} |`);
}
