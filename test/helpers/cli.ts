/** The `relais` command as an operator runs it: a separate process, quiet logs, the test content. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONTENT_DIR, ROOT } from './hub.js';

/** What a finished `relais` run printed, and its exit status. */
export interface RelaisRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `relais ...args` to its end, `input` on its standard input, `env` over the test's environment. */
export function runRelais(args: string[], options: { input?: string; env?: Record<string, string> } = {}): RelaisRun {
  const out = spawnSync(process.execPath, [join(ROOT, 'bin/relais.js'), ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    env: { ...process.env, LOG_LEVEL: 'silent', CONTENT_DIR, ...options.env },
  });
  return { status: out.status, stdout: out.stdout.toString(), stderr: out.stderr.toString() };
}
