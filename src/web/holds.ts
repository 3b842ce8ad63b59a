/** Caps on what one caller may hold open in this process: sockets and long-polls, per conversation
 * and per address (one citizen token once held 3,000 of each). In memory: each process guards its
 * own sockets; a reverse proxy spreads callers over processes. They are per-address and
 * per-conversation limits, so `RATE_LIMITS=off` lifts them as it lifts the others (the contract: for
 * benchmarks, or behind a gateway that limits). */

const NOTHING_HELD = (): void => {};

/** Counts held things by key, refusing past a maximum. */
export class Holds {
  private readonly counts = new Map<string, number>();

  /** `enabled: false` (RATE_LIMITS=off): every hold is granted and nothing is counted. */
  constructor(private readonly enabled = true) {}

  /** Takes one hold on every key, or none when any is at its maximum; returns the release function. */
  take(keys: { key: string; max: number }[]): (() => void) | undefined {
    if (!this.enabled) return NOTHING_HELD;
    if (keys.some(({ key, max }) => (this.counts.get(key) ?? 0) >= max)) return undefined;
    for (const { key } of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const { key } of keys) {
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left > 0) this.counts.set(key, left);
        else this.counts.delete(key);
      }
    };
  }
}

/** How much one conversation and one address may hold open at once. */
export const HOLD_LIMITS = {
  socketsPerConversation: 5,
  socketsPerAddress: 50,
  pollsPerConversation: 5,
  pollsPerAddress: 50,
} as const;
