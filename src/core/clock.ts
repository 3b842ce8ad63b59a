/** Time as the hub sees it: injected everywhere a deadline, a timer or a rate window is computed,
 * so that tests move time forward in milliseconds instead of sleeping. */

/** A timer handle, opaque to its users. */
export type TimerHandle = unknown;

/** The hub's clock: wall time and timers. `@sinonjs/fake-timers`' createClock() fits it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** The real clock; its timers never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms).unref(),
  clearInterval: (handle) => globalThis.clearInterval(handle as NodeJS.Timeout),
};

/** The clock's time as an ISO 8601 string. */
export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
