/** How long a citizen at a given place in line will likely wait: a rough, honest figure. */

/** What the estimate is made from. */
export interface WaitInputs {
  /** 1-based place in line. */
  position: number;
  /** Agents available now (0 counts as 1: someone will come). */
  agents: number;
  /** Conversations one agent handles at once. */
  capacity: number;
  /** Mean time an agent keeps a conversation (undefined before any: 6 minutes assumed). */
  handleMs?: number;
}

const DEFAULT_HANDLE_MS = 6 * 60_000;

/** Whole minutes, at least 1: a slot frees every handle time / (agents × capacity) on average. */
export function estimateWaitMinutes(input: WaitInputs): number {
  const slots = Math.max(1, input.agents) * Math.max(1, input.capacity);
  const handle = input.handleMs && input.handleMs > 0 ? input.handleMs : DEFAULT_HANDLE_MS;
  return Math.max(1, Math.ceil((input.position * handle) / slots / 60_000));
}

/** When to tell a waiting citizen their new place: a move while near the front, else every few minutes. */
export function shouldTellPlace(told: { position: number; at: number } | undefined, position: number, now: number): boolean {
  if (!told) return true;
  const since = now - told.at;
  if (position < told.position && position <= 5) return true; // each step near the front matters
  if (position !== told.position && since >= 3 * 60_000) return true;
  return since >= 5 * 60_000; // a reminder that nobody forgot them
}
