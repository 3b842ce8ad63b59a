/**
 * Locale detection on unseen writers (lab only): the hub's detector trained on the knowledge and all
 * writers but one, run on the held-out writer's 2–8-word lines, rotated; per variant of what it
 * learns from. Writer m's lines are tested on but, written as code-switching, their labels are the
 * main language only.
 *   npx tsx scripts/triage-lab/locale-lowo.ts
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { LocaleDetector } from '../../src/triage/locale.js';
import { loadKnowledge, loadVoices, LOCALES, WRITERS, type Writer } from './data.js';

const voices = loadVoices();
const kb = await loadKnowledge();
const base = [...kb.phrases, ...kb.urgent, ...kb.notUrgent].map(({ text, locale }) => ({ text, locale }));
const lines = [...voices.intents, ...voices.urgency];
const short = (t: string) => {
  const n = t.trim().split(/\s+/).length;
  return n >= 2 && n <= 8;
};

const variants: Record<string, [(w: Writer) => boolean, number | undefined, number?]> = {
  'every writer': [() => true, undefined],
  'without the code-switching writer (m)': [(w) => w !== 'm', undefined],
  'every writer, 1,000 lines a language (the default before)': [() => true, 1000],
  'every writer, 6 epochs': [() => true, undefined, 6],
};

// LOCALE_VARIANTS=every (a substring of the names) runs only those; the confusions are listed for each.
const only = process.env.LOCALE_VARIANTS;
for (const [name, [learnsFrom, maxPerLocale, epochs]] of Object.entries(variants)) {
  if (only && !name.includes(only)) continue;
  const confused = new Map<string, number>();
  const ok: Record<string, [number, number]> = Object.fromEntries(LOCALES.map((l) => [l, [0, 0]]));
  for (const held of WRITERS) {
    const detector = new LocaleDetector([...base, ...lines.filter((r) => r.writer !== held && learnsFrom(r.writer))], { maxPerLocale, epochs });
    for (const r of lines) {
      if (r.writer !== held || !short(r.text) || !ok[r.locale]) continue;
      ok[r.locale]![1]++;
      const got = detector.detect(r.text);
      if (got === r.locale) {
        ok[r.locale]![0]++;
        continue;
      }
      confused.set(`${r.locale}→${got}`, (confused.get(`${r.locale}→${got}`) ?? 0) + 1);
      if (process.env.LOCALE_SHOW) console.log(`  ${r.writer} ${r.locale}→${got}: ${r.text}`);
    }
  }
  const all = Object.values(ok).reduce((a, [h, n]) => [a[0] + h, a[1] + n], [0, 0]);
  const pct = ([h, n]: [number, number] | number[]) => `${((100 * h!) / Math.max(1, n!)).toFixed(1)} %`;
  console.log(`${name}: ${pct(all)} (${all[1]} lines) — ${LOCALES.map((l) => `${l} ${pct(ok[l]!)}`).join(', ')}`);
  console.log(
    `  confusions: ${[...confused]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
}
