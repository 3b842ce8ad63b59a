/** The supervisors' daily export (GET /api/v1/agent/stats.csv): one row per day of a range, anonymous
 * totals only (how many, how long, how satisfied), never who or what was said. */
import { COUNTERS, type DayTotals } from './stats.js';

/** The longest range one export covers: a year, leap day included. */
export const MAX_EXPORT_DAYS = 366;

/** The columns, in order: the day, every counter (the names /metrics uses), then waits and ratings. */
export const CSV_COLUMNS = ['date', ...COUNTERS, 'waits', 'wait_average_seconds', 'satisfaction_count', 'satisfaction_average'] as const;

/** Every calendar day from `from` to `to` (YYYY-MM-DD, both included); calendar arithmetic, no time zone. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The CSV text: a header line, then one line per day (CRLF, RFC 4180). An average over nothing is
 * an empty cell, not a zero that would read as a bad rating. */
export function toCsv(rows: readonly DayTotals[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const rated = Object.values(row.satisfaction).reduce((a, b) => a + b, 0);
    const ratingSum = Object.entries(row.satisfaction).reduce((a, [n, c]) => a + Number(n) * c, 0);
    lines.push(
      [
        row.date,
        ...COUNTERS.map((c) => row.counters[c]),
        row.waits,
        row.waits ? Math.round(row.waitMsTotal / row.waits / 1000) : '',
        rated,
        rated ? (ratingSum / rated).toFixed(2) : '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
