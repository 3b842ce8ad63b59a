/** The hand-off's sweep rhythm (its chores run on the shared Sweeper, src/jobs/sweeper.ts). */

/** How often to sweep: often enough for the shortest deadline, never busier than 5 times a second. */
export function sweepInterval(graceMs: number, idleMs: number): number {
  const shortest = Math.min(graceMs / 2, idleMs > 0 ? idleMs / 3 : Infinity, 5000);
  return Math.max(200, Math.round(shortest));
}
