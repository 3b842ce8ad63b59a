/**
 * The figures the older held-out sets' regression guards check (test/triage/urgency.test.ts), for
 * the hub's triage as the content stands: the labelled pairs (urgency-pairs + dev 1–3) and the lead's
 * probes, with the misjudged texts. For re-basing the guards after a change of corpus or thresholds.
 *   npx tsx scripts/triage-lab/older-guards.ts
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { readData, trainedTriage } from '../../test/triage/trained.js';

interface Pair {
  urgent: string;
  lookalike: string;
}
const triage = await trainedTriage();
const pairs = ['urgency-pairs.jsonl', 'urgency-dev.jsonl', 'urgency-dev2.jsonl', 'urgency-dev3.jsonl'].flatMap((f) => readData<Pair>(f));
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} % (${n}/${of})`;
const of = (texts: string[], test: (d: string) => boolean) => texts.filter((t) => test(triage.classify(t).danger));
const urgent = pairs.map((p) => p.urgent);
const lookalikes = pairs.map((p) => p.lookalike);
console.log(
  `pairs: now ${pct(of(urgent, (d) => d === 'now').length, pairs.length)}, now-or-maybe ${pct(of(urgent, (d) => d !== 'none').length, pairs.length)}`,
);
const falseNow = of(lookalikes, (d) => d === 'now');
console.log(`  look-alikes now ${pct(falseNow.length, pairs.length)}, maybe ${pct(of(lookalikes, (d) => d === 'maybe').length, pairs.length)}`);
for (const t of falseNow) console.log(`    now: ${t}`);
const probes = readData<{ text: string; urgent: boolean }>('urgency-probes.jsonl');
const dangers = probes.filter((p) => p.urgent).map((p) => p.text);
const calm = probes.filter((p) => !p.urgent).map((p) => p.text);
const level = (t: string) => triage.classify(t, 'fr').danger;
console.log(
  `probes: now ${pct(dangers.filter((t) => level(t) === 'now').length, dangers.length)}, now-or-maybe ${pct(dangers.filter((t) => level(t) !== 'none').length, dangers.length)}`,
);
for (const t of calm.filter((t) => level(t) === 'now')) console.log(`    calm message now: ${t}`);
