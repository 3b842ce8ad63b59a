/** Figures of one held-out writer: danger recall / precision / maybe rate, intent accuracy per language, speed. */
import type { Danger } from '../../src/triage/model/learned-triage.js';
import { LOCALES, type IntentRow, type UrgencyRow } from './data.js';

/** What an approach says about one message. */
export interface Prediction {
  danger: Danger;
  intent: string;
}

export interface FoldReport {
  writer: string;
  /** now recall: gold now predicted now. */
  recallNow: number;
  /** gold now predicted now or maybe. */
  recallNowOrMaybe: number;
  /** predicted now that are gold now (all held-out messages: urgency + intents lines). */
  precisionNow: number;
  /** none messages (urgency look-alikes + intents lines) predicted maybe. */
  maybeOnNone: number;
  /** none messages predicted now (false alarms). */
  nowOnNone: number;
  /** the same two rates on the urgency file's look-alikes only (the hard none messages). */
  maybeOnLookalike: number;
  nowOnLookalike: number;
  /** gold maybe predicted now or maybe. */
  maybeCaught: number;
  /** intent accuracy on the writer's intents.jsonl, per locale and overall. */
  intentAcc: Record<string, number>;
  /** intent accuracy on the writer's urgency.jsonl (labels follow the contract's urgent-topic rule). */
  intentAccUrgency: number;
  /** counts behind the rates (for pooled averages). */
  counts: Record<string, number>;
  missesByKind: Record<string, number>;
  trainMs: number;
  perSecond: number;
}

export function score(
  writer: string,
  urgency: readonly UrgencyRow[],
  uPred: readonly Prediction[],
  intents: readonly IntentRow[],
  iPred: readonly Prediction[],
): Omit<FoldReport, 'trainMs' | 'perSecond'> {
  let now = 0,
    nowHit = 0,
    nowCaught = 0,
    predNow = 0,
    predNowTrue = 0,
    none = 0,
    noneMaybe = 0,
    noneNow = 0,
    look = 0,
    lookMaybe = 0,
    lookNow = 0,
    maybe = 0,
    maybeCaught = 0,
    uIntentOk = 0;
  const missesByKind: Record<string, number> = {};
  const localeNow: Record<string, number> = {};
  const localeHit: Record<string, number> = {};
  urgency.forEach((r, i) => {
    const p = uPred[i]!;
    if (p.danger === 'now') {
      predNow++;
      if (r.danger === 'now') predNowTrue++;
    }
    if (p.intent === r.intent) uIntentOk++;
    if (r.danger === 'now') {
      now++;
      localeNow[r.locale] = (localeNow[r.locale] ?? 0) + 1;
      if (p.danger === 'now') localeHit[r.locale] = (localeHit[r.locale] ?? 0) + 1;
      if (p.danger === 'now') nowHit++;
      else missesByKind[r.kind] = (missesByKind[r.kind] ?? 0) + 1;
      if (p.danger !== 'none') nowCaught++;
    } else if (r.danger === 'maybe') {
      maybe++;
      if (p.danger !== 'none') maybeCaught++;
    } else {
      none++;
      look++;
      if (p.danger === 'maybe') {
        noneMaybe++;
        lookMaybe++;
      }
      if (p.danger === 'now') {
        noneNow++;
        lookNow++;
      }
    }
  });
  const byLocale: Record<string, { ok: number; n: number }> = {};
  let iOk = 0;
  intents.forEach((r, i) => {
    const p = iPred[i]!;
    none++;
    if (p.danger === 'maybe') noneMaybe++;
    if (p.danger === 'now') {
      noneNow++;
      predNow++;
    }
    byLocale[r.locale] ??= { ok: 0, n: 0 };
    byLocale[r.locale]!.n++;
    if (p.intent === r.intent) {
      byLocale[r.locale]!.ok++;
      iOk++;
    }
  });
  const intentAcc: Record<string, number> = {};
  for (const l of LOCALES) if (byLocale[l]) intentAcc[l] = byLocale[l]!.ok / byLocale[l]!.n;
  if (intents.length) intentAcc.all = iOk / intents.length; // a writer of urgency lines only has none
  const counts: Record<string, number> = {
    now,
    nowHit,
    nowCaught,
    predNow,
    predNowTrue,
    none,
    noneMaybe,
    noneNow,
    look,
    lookMaybe,
    lookNow,
    maybe,
    maybeCaught,
  };
  for (const l of LOCALES) if (byLocale[l]) Object.assign(counts, { [`ok_${l}`]: byLocale[l]!.ok, [`n_${l}`]: byLocale[l]!.n });
  for (const l of LOCALES) Object.assign(counts, { [`now_${l}`]: localeNow[l] ?? 0, [`nowHit_${l}`]: localeHit[l] ?? 0 });
  return {
    writer,
    recallNow: nowHit / now,
    recallNowOrMaybe: nowCaught / now,
    precisionNow: predNowTrue / Math.max(1, predNow),
    maybeOnNone: noneMaybe / none,
    nowOnNone: noneNow / none,
    maybeOnLookalike: lookMaybe / look,
    nowOnLookalike: lookNow / look,
    maybeCaught: maybeCaught / Math.max(1, maybe),
    intentAcc,
    intentAccUrgency: uIntentOk / urgency.length,
    counts,
    missesByKind,
  };
}

/** Pooled figures over the folds (sums of counts, so every message weighs the same). */
export function pooled(folds: readonly FoldReport[]): FoldReport {
  const c: Record<string, number> = {};
  for (const f of folds) for (const [k, v] of Object.entries(f.counts)) c[k] = (c[k] ?? 0) + v;
  const missesByKind: Record<string, number> = {};
  for (const f of folds) for (const [k, v] of Object.entries(f.missesByKind)) missesByKind[k] = (missesByKind[k] ?? 0) + v;
  const intentAcc: Record<string, number> = {};
  let ok = 0,
    n = 0;
  for (const l of LOCALES) {
    if (c[`n_${l}`]) {
      intentAcc[l] = c[`ok_${l}`]! / c[`n_${l}`]!;
      ok += c[`ok_${l}`]!;
      n += c[`n_${l}`]!;
    }
  }
  intentAcc.all = ok / Math.max(1, n);
  const mean = (f: (r: FoldReport) => number) => meanOf(folds.map(f));
  return {
    writer: 'all',
    recallNow: c.nowHit! / c.now!,
    recallNowOrMaybe: c.nowCaught! / c.now!,
    precisionNow: c.predNowTrue! / Math.max(1, c.predNow!),
    maybeOnNone: c.noneMaybe! / c.none!,
    nowOnNone: c.noneNow! / c.none!,
    maybeOnLookalike: c.lookMaybe! / c.look!,
    nowOnLookalike: c.lookNow! / c.look!,
    maybeCaught: c.maybeCaught! / Math.max(1, c.maybe!),
    intentAcc,
    // Writers of intent lines only have no urgency lines: the mean is over those who have.
    intentAccUrgency: meanOf(folds.filter((r) => Number.isFinite(r.intentAccUrgency)).map((r) => r.intentAccUrgency)),
    counts: c,
    missesByKind,
    trainMs: mean((r) => r.trainMs),
    perSecond: mean((r) => r.perSecond),
  };
}

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '–');
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A markdown table: one row per held-out writer, then the pooled row. */
export function table(folds: readonly FoldReport[]): string {
  const all = [...folds, pooled(folds)];
  const head =
    '| held out | now recall | now-or-maybe recall | now precision | maybe on none | now on none | maybe / now on look-alikes | gold maybe caught | intent fr | en | es | ar | de | pt | it | all | intent (urgency lines) | train ms | class./s |';
  const sep = `|${'---|'.repeat(20)}`;
  const rows = all.map((r) =>
    [
      r.writer === 'all' ? '**pooled**' : r.writer,
      pct(r.recallNow),
      pct(r.recallNowOrMaybe),
      pct(r.precisionNow),
      pct(r.maybeOnNone),
      pct(r.nowOnNone),
      `${pct(r.maybeOnLookalike)} / ${pct(r.nowOnLookalike)}`,
      pct(r.maybeCaught),
      ...['fr', 'en', 'es', 'ar', 'de', 'pt', 'it', 'all'].map((l) => (r.intentAcc[l] === undefined ? '–' : pct(r.intentAcc[l]!))),
      pct(r.intentAccUrgency),
      Math.round(r.trainMs).toString(),
      Math.round(r.perSecond).toString(),
    ].join(' | '),
  );
  return [head, sep, ...rows.map((r) => `| ${r} |`)].join('\n');
}

/** Now recall per locale from pooled counts. */
export function recallByLocale(p: FoldReport): string {
  return LOCALES.map((l) => `${l} ${pct((p.counts[`nowHit_${l}`] ?? 0) / Math.max(1, p.counts[`now_${l}`] ?? 0))}`).join(', ');
}
