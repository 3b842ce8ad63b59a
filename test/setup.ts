/** Mocha root hooks: every process a test starts (hubs, redis-servers, Chromium, npm) inherits a
 * marker in its environment; after the last test, any marked process still running is a leak:
 * it is killed and the run fails, so `npm test` never leaves a process of its own behind. */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const MARKER = `RELAIS_TEST_RUN=${randomUUID()}`;
process.env.RELAIS_TEST_RUN = MARKER.split('=')[1];

/** Pids of live processes (zombies aside) carrying this run's marker, other than this one. */
function markedProcesses(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(MARKER)) continue;
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'))) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim().slice(0, 120);
      // tsx's esbuild service belongs to this mocha process and ends with it.
      if (/esbuild --service/.test(command)) continue;
      found.push({ pid, command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

export const mochaHooks = {
  /** Train the triage once for the whole run (seconds, in a worker thread): every test hub then takes it from memory. */
  async beforeAll(this: { timeout(ms: number): void }): Promise<void> {
    this.timeout(180_000);
    const { loadTriageContent, createTriage } = await import('../src/triage/index.js');
    const { content } = await loadTriageContent(new URL('..', import.meta.url).pathname);
    await createTriage(content);
  },
  async afterAll(): Promise<void> {
    // Children told to stop get a moment to exit (a redis-server flushing its file, Chromium closing).
    let left = markedProcesses();
    for (let i = 0; i < 50 && left.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = markedProcesses();
    }
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (left.length) throw new Error(`the tests left processes running (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
  },
};
