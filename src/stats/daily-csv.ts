/** The supervisors' daily export (GET /api/v1/agent/stats.csv): one row per day of a range, anonymous
 * totals only (how many, how long, how satisfied), never who or what was said. */
import { COUNTERS, type DayTotals, type Ratings } from './stats.js';

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

/** The two columns of one team's satisfaction, after CSV_COLUMNS: `satisfaction_count@<team>`, `satisfaction_average@<team>`. */
export function teamColumns(team: string): [string, string] {
  return [`satisfaction_count@${team}`, `satisfaction_average@${team}`];
}

/** The CSV text: a header line, then one line per day (CRLF, RFC 4180). CSV_COLUMNS come first, in
 * order; then two columns for each team (a skill of the agents who held rated conversations) rated
 * within the range, teams by name. An average over nothing is an empty cell, not a zero that would
 * read as a bad rating. */
export function toCsv(rows: readonly DayTotals[]): string {
  const teams = [...new Set(rows.flatMap((r) => Object.keys(r.satisfactionBySkill ?? {})))].sort();
  const lines = [[...CSV_COLUMNS, ...teams.flatMap(teamColumns)].join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.date,
        ...COUNTERS.map((c) => row.counters[c]),
        row.waits,
        row.waits ? Math.round(row.waitMsTotal / row.waits / 1000) : '',
        ...ratingCells(row.satisfaction),
        ...teams.flatMap((team) => ratingCells(row.satisfactionBySkill?.[team])),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The count of ratings and their average (empty over nothing). */
function ratingCells(ratings: Ratings | undefined): [number, string] {
  const rated = Object.values(ratings ?? {}).reduce((a, b) => a + b, 0);
  const sum = Object.entries(ratings ?? {}).reduce((a, [n, c]) => a + Number(n) * c, 0);
  return [rated, rated ? (sum / rated).toFixed(2) : ''];
}
