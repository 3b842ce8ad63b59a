/** A clock for time-based chores shared by every hub process: at each tick, whichever process takes
 * the named Redis lock runs them. Deadlines are computed from times kept in Redis, so any process can
 * run them and a crash or restart loses nothing; the local timer only says "look now". */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { RedisLock } from '../redis/lock.js';
import type { Logger } from '../log.js';

/** A named chore run by the sweep. */
export interface Chore {
  name: string;
  run: () => Promise<unknown>;
}

/** Runs `chores` every `intervalMs`, one process at a time. */
export class Sweeper {
  private timer?: TimerHandle;
  private busy = false;

  constructor(private readonly o: { name: string; intervalMs: number; lock: RedisLock; chores: Chore[]; log: Logger; clock: Clock }) {}

  /** Starts the periodic sweep. */
  start(): void {
    this.timer ??= this.o.clock.setInterval(() => void this.sweep(), this.o.intervalMs);
  }

  /** Stops it (a sweep in progress finishes). */
  stop(): void {
    this.o.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep now, if no other process is sweeping. */
  async sweep(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const release = await this.o.lock.acquire(`${this.o.name}-sweep`);
      if (!release) return;
      try {
        for (const chore of this.o.chores) {
          await chore.run().catch((err: Error) => this.o.log.warn('sweep chore failed', { sweep: this.o.name, chore: chore.name, error: err.message }));
        }
      } finally {
        await release();
      }
    } catch (err) {
      this.o.log.warn('sweep failed', { sweep: this.o.name, error: (err as Error).message });
    } finally {
      this.busy = false;
    }
  }
}
