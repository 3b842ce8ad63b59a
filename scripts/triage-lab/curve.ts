/**
 * Operating curve of a learned model on the pooled leave-one-writer-out predictions: every
 * (now, maybe) threshold pair's figures, for choosing the hub's operating point. Thresholds read
 * off this table are chosen on the test folds: use the nested figures of run.ts for claims.
 *   npx tsx scripts/triage-lab/curve.ts [recommended|linear]
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { corpus, hubTriage } from './approaches.js';
import { loadKnowledge, loadOlderDev, loadVoices, WRITERS } from './data.js';
import { DEFAULT_FEATURES } from '../../src/triage/model/features.js';
import { DEFAULT_OPTIONS, LearnedTriage } from '../../src/triage/model/learned-triage.js';
import { RECOMMENDED_OPTIONS } from '../../src/triage/model/recommended.js';
import { DEFAULT_WEIGHTS } from '../../src/triage/model/training-set.js';

const which = process.argv[2] ?? 'recommended';
const voices = loadVoices();
const kb = await loadKnowledge();
const hub = hubTriage(kb);
const opts = which === 'linear' ? { ...DEFAULT_OPTIONS, features: DEFAULT_FEATURES } : RECOMMENDED_OPTIONS;
const ctx = { voices, kb, hub, locale: (t: string) => hub.detectLocale(t), olderDev: loadOlderDev() };
const out: { gold: string; pm: number; pn: number }[] = [];
for (const held of WRITERS) {
  const set = corpus(
    WRITERS.filter((w) => w !== held),
    ctx,
    DEFAULT_WEIGHTS,
  );
  const m = LearnedTriage.train(set.danger, set.intents, opts);
  for (const r of voices.urgency.filter((x) => x.writer === held)) {
    const p = m.dangerProbs(r.text, ctx.locale(r.text));
    out.push({ gold: r.danger, pm: p[1]!, pn: p[2]! });
  }
  for (const r of voices.intents.filter((x) => x.writer === held)) {
    const p = m.dangerProbs(r.text, ctx.locale(r.text));
    out.push({ gold: 'none', pm: p[1]!, pn: p[2]! });
  }
}
const now = out.filter((o) => o.gold === 'now');
const none = out.filter((o) => o.gold === 'none');
const pct = (x: number) => (100 * x).toFixed(1);
console.log(`### operating curve (${which}, pooled over the four held-out writers)\n`);
console.log('| now threshold | maybe threshold | now recall | now-or-maybe recall | now precision | maybe on none | now on none |');
console.log('|---|---|---|---|---|---|---|');
for (const tn of [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8]) {
  for (const tm of [0.05, 0.1, 0.15, 0.2]) {
    const isNow = (o: (typeof out)[0]) => o.pn >= tn;
    const isMaybe = (o: (typeof out)[0]) => !isNow(o) && o.pn + o.pm >= tm;
    const flagged = out.filter(isNow);
    console.log(
      `| ${tn} | ${tm} | ${pct(now.filter(isNow).length / now.length)} | ${pct(now.filter((o) => isNow(o) || isMaybe(o)).length / now.length)} | ${pct(flagged.filter((o) => o.gold === 'now').length / flagged.length)} | ${pct(none.filter(isMaybe).length / none.length)} | ${pct(none.filter(isNow).length / none.length)} |`,
    );
  }
}
