/** A fake clock for the hub (`createApp(config, {clock})`): time moves only when the test says so. */
import FakeTimers from '@sinonjs/fake-timers';
import type { Clock } from '../../src/core/clock.js';

/** The hub's Clock, plus `tick(ms)` that runs the timers due meanwhile (awaiting their promises). */
export interface TestClock extends Clock {
  tick(ms: number): Promise<void>;
}

/** A clock starting at `start` (ms since the epoch, default 2026-12-01 09:00:00 UTC). */
export function testClock(start = Date.UTC(2026, 11, 1, 9, 0, 0)): TestClock {
  const fake = FakeTimers.createClock(start);
  return {
    now: () => fake.now,
    setTimeout: (callback, ms) => fake.setTimeout(callback, ms),
    clearTimeout: (handle) => fake.clearTimeout(handle as number),
    setInterval: (callback, ms) => fake.setInterval(callback, ms),
    clearInterval: (handle) => fake.clearInterval(handle as number),
    tick: async (ms) => void (await fake.tickAsync(ms)),
  };
}
