/** The hand-off's clock: every few seconds one hub process (whichever takes the Redis lock) runs the
 * time-based chores. Deadlines are computed from times kept in Redis, so any process can run them and a
 * crash or restart loses nothing; the local timer only says "look now". */
import type { ConversationLock } from '../hub/conversation-lock.js';
import type { Logger } from '../log.js';

/** A named chore run by the sweep. */
export interface Chore {
  name: string;
  run: () => Promise<unknown>;
}

/** Runs `chores` every `intervalMs`, one process at a time. */
export class Sweeper {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly o: { intervalMs: number; lock: ConversationLock; chores: Chore[]; log: Logger }) {}

  /** Starts the periodic sweep. */
  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.o.intervalMs);
    this.timer.unref?.();
  }

  /** Stops it (a sweep in progress finishes). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep now, if no other process is sweeping. */
  async sweep(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const release = await this.o.lock.acquire('handoff-sweep');
      if (!release) return;
      try {
        for (const chore of this.o.chores) {
          await chore.run().catch((err: Error) => this.o.log.warn('sweep chore failed', { chore: chore.name, error: err.message }));
        }
      } finally {
        await release();
      }
    } catch (err) {
      this.o.log.warn('sweep failed', { error: (err as Error).message });
    } finally {
      this.busy = false;
    }
  }
}

/** How often to sweep: often enough for the shortest deadline, never busier than 5 times a second. */
export function sweepInterval(graceMs: number, idleMs: number): number {
  const shortest = Math.min(graceMs / 2, idleMs > 0 ? idleMs / 3 : Infinity, 5000);
  return Math.max(200, Math.round(shortest));
}
