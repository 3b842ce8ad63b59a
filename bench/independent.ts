/** The alternating closed loops again, driven by autocannon in a process of its own
 * (bench/independent-driver.ts) instead of the bench process: the same ratio measured with another
 * client, whose own cost per exchange differs, as an outside load driver's would. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { percentile, round } from './stats.js';
import { ROOT, type Target } from './targets.js';

const run = promisify(execFile);

export interface IndependentWindow {
  exchangesPerSecond: number;
  p50: number;
  p99: number;
  answered: number;
  errors: number;
  unanswered: number;
  driverCpuPercent: number;
}

export interface IndependentResult {
  pairs: number;
  windowSeconds: number;
  /** Per target: exchanges/s over all its windows, the median of its windows' p99, errors and unanswered polls summed. */
  bare: { exchangesPerSecond: number; p99: number; errors: number; unanswered: number; driverCpuPercent: number };
  hub: { exchangesPerSecond: number; p99: number; errors: number; unanswered: number; driverCpuPercent: number };
  ratios: number[];
  median: number;
}

/** One window of `seconds` at `connections` citizens against `target`. */
export async function autocannonWindow(target: Target, seconds: number, connections: number): Promise<IndependentWindow> {
  const url = target.url.replace('localhost', '127.0.0.1');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/independent-driver.ts', url, String(seconds), String(connections)], {
    cwd: ROOT,
    timeout: (seconds + 60) * 1000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as IndependentWindow;
}

/** `pairs` pairs of windows in alternating order, both targets already warm. */
export async function independentPairs(bare: Target, hub: Target, o: { pairs: number; windowSeconds: number; citizens: number }): Promise<IndependentResult> {
  const windows = { bare: [] as IndependentWindow[], hub: [] as IndependentWindow[] };
  const ratios: number[] = [];
  for (let pair = 0; pair < o.pairs; pair++) {
    const rates = { bare: 0, hub: 0 };
    for (const kind of pair % 2 ? (['hub', 'bare'] as const) : (['bare', 'hub'] as const)) {
      const w = await autocannonWindow(kind === 'bare' ? bare : hub, o.windowSeconds, o.citizens);
      windows[kind].push(w);
      rates[kind] = w.exchangesPerSecond;
    }
    ratios.push(rates.bare ? round(rates.hub / rates.bare, 3) : Number.NaN);
  }
  const sum = (ws: IndependentWindow[]) => ({
    exchangesPerSecond: round(ws.reduce((s, w) => s + w.exchangesPerSecond, 0) / ws.length),
    p99: round(
      percentile(
        ws.map((w) => w.p99),
        50,
      ),
    ),
    errors: ws.reduce((s, w) => s + w.errors, 0),
    unanswered: ws.reduce((s, w) => s + w.unanswered, 0),
    driverCpuPercent: round(
      percentile(
        ws.map((w) => w.driverCpuPercent),
        50,
      ),
      0,
    ),
  });
  return { pairs: o.pairs, windowSeconds: o.windowSeconds, bare: sum(windows.bare), hub: sum(windows.hub), ratios, median: percentile(ratios, 50) };
}
