/** The closed loop's ratio in alternating windows: the baseline and the hub both up, PAIRS pairs of
 * short closed loops, the order alternating from pair to pair, and the ratio of each pair. On this
 * shared VM the machine's speed moves from one minute to the next (one and the same build gave 0.42×
 * and 0.21× in two runs twenty minutes apart), and the main closed loop measures the baseline a minute
 * before the hub; a pair's two windows are seconds apart, and the median of the pairs' ratios is the
 * figure least moved by the machine. */
import { Client } from './client.js';
import { closedLoop } from './load.js';
import { percentile, round } from './stats.js';
import type { Target } from './targets.js';

export interface PairedResult {
  pairs: number;
  windowSeconds: number;
  /** Exchanges per second over all windows of each target. */
  bare: number;
  hub: number;
  /** Each pair's hub ÷ baseline, in the order measured. */
  ratios: number[];
  median: number;
}

export async function pairedClosedLoop(
  bare: Target,
  hub: Target,
  o: { pairs: number; windowSeconds: number; citizens: number; warmupSeconds: number },
): Promise<PairedResult> {
  const clients = { bare: new Client(bare.url), hub: new Client(hub.url) };
  const totals = { bare: { answered: 0, seconds: 0 }, hub: { answered: 0, seconds: 0 } };
  const ratios: number[] = [];
  try {
    for (const kind of ['bare', 'hub'] as const) await closedLoop(clients[kind], o.citizens, o.warmupSeconds);
    for (let pair = 0; pair < o.pairs; pair++) {
      const rates = { bare: 0, hub: 0 };
      for (const kind of pair % 2 ? (['hub', 'bare'] as const) : (['bare', 'hub'] as const)) {
        const r = await closedLoop(clients[kind], o.citizens, o.windowSeconds);
        rates[kind] = r.exchangesPerSecond;
        totals[kind].answered += r.answered;
        totals[kind].seconds += r.seconds;
      }
      ratios.push(rates.bare ? round(rates.hub / rates.bare, 3) : Number.NaN);
    }
  } finally {
    clients.bare.close();
    clients.hub.close();
  }
  return {
    pairs: o.pairs,
    windowSeconds: o.windowSeconds,
    bare: round(totals.bare.answered / Math.max(1e-9, totals.bare.seconds)),
    hub: round(totals.hub.answered / Math.max(1e-9, totals.hub.seconds)),
    ratios,
    median: percentile(ratios, 50),
  };
}
