/** Waits for a condition another process (or the browser) brings about: checked every `everyMs`,
 * never a fixed sleep standing for it. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
