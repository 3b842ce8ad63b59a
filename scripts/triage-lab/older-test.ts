/**
 * A second check on other writers: train on all four voices + the knowledge, test on the older
 * held-out sets (urgency-pairs.jsonl, intents-test.jsonl, written by the lead before the voices).
 *   npx tsx scripts/triage-lab/older-test.ts
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { hubTriage } from './approaches.js';
import { LOCALES, loadKnowledge, loadOlderTest, loadVoices } from './data.js';
import { DEFAULT_FEATURES } from '../../src/triage/model/features.js';
import { type Danger, DEFAULT_OPTIONS, LearnedTriage } from '../../src/triage/model/learned-triage.js';
import { RECOMMENDED_OPTIONS } from '../../src/triage/model/recommended.js';
import { buildTrainingSets } from '../../src/triage/model/training-set.js';

const voices = loadVoices();
const kb = await loadKnowledge();
const hub = hubTriage(kb);
const older = loadOlderTest();
const sets = buildTrainingSets(kb, voices.urgency, voices.intents);

type Classify = (text: string, locale: string) => { danger: Danger; intent: string };
const linear = LearnedTriage.train(sets.danger, sets.intents, { ...DEFAULT_OPTIONS, features: DEFAULT_FEATURES, thresholds: RECOMMENDED_OPTIONS.thresholds });
const rec = LearnedTriage.train(sets.danger, sets.intents, RECOMMENDED_OPTIONS);
const systems: [string, Classify][] = [
  ['linear (words+chars)', (t) => linear.classify(t, hub.detectLocale(t))],
  ['recommended (concepts+cues)', (t) => rec.classify(t, hub.detectLocale(t))],
];
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '–');
console.log(
  '| system | urgent recall (now) | urgent now-or-maybe | look-alikes now | look-alikes maybe | intents-test now | intents-test maybe | urgent intent | ' +
    LOCALES.join(' | ') +
    ' | all |',
);
console.log(`|${'---|'.repeat(9 + LOCALES.length)}`);
for (const [name, f] of systems) {
  let u = 0,
    uNow = 0,
    uCaught = 0,
    uIntent = 0,
    l = 0,
    lNow = 0,
    lMaybe = 0,
    iNow = 0,
    iMaybe = 0;
  for (const r of older.urgency) {
    const p = f(r.text, r.locale ?? '');
    if (r.urgent) {
      u++;
      if (p.danger === 'now') uNow++;
      if (p.danger !== 'none') uCaught++;
      if (p.intent === r.intent) uIntent++;
    } else {
      l++;
      if (p.danger === 'now') lNow++;
      if (p.danger === 'maybe') lMaybe++;
    }
  }
  const ok: Record<string, number> = {},
    n: Record<string, number> = {};
  for (const r of older.intents) {
    const p = f(r.text, r.locale);
    if (p.danger === 'now') iNow++;
    if (p.danger === 'maybe') iMaybe++;
    n[r.locale] = (n[r.locale] ?? 0) + 1;
    if (p.intent === r.intent) ok[r.locale] = (ok[r.locale] ?? 0) + 1;
  }
  const all = Object.values(ok).reduce((a, b) => a + b, 0);
  console.log(
    `| ${name} | ${pct(uNow, u)} | ${pct(uCaught, u)} | ${pct(lNow, l)} | ${pct(lMaybe, l)} | ${pct(iNow, older.intents.length)} | ${pct(iMaybe, older.intents.length)} | ${pct(uIntent, u)} | ${LOCALES.map((x) => pct(ok[x] ?? 0, n[x] ?? 0)).join(' | ')} | ${pct(all, older.intents.length)} |`,
  );
}
console.log(`\n(${older.urgency.length / 2} urgency pairs, ${older.intents.length} intents-test lines)`);
