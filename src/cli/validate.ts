/** `relais validate [DIR]`: every content problem as file:line: message; non-zero exit when any. */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { loadContent } from '../content/load.js';
import { formatProblems } from '../content/runtime.js';

export async function runValidate(config: Config, args: string[]): Promise<number> {
  const dir = args[0] ? resolve(args[0]) : config.contentDir;
  // A wrong folder is one problem, not forty misleading ones about every missing file.
  const missing = ['', 'flows', 'knowledge'].map((sub) => join(dir, sub)).find((path) => !isFolder(path));
  if (missing) {
    console.error(`${missing}: folder not found (relais validate [DIR] expects DIR/flows/ and DIR/knowledge/)`);
    return 1;
  }
  const { content, problems } = await loadContent(dir);
  if (problems.length) {
    console.log(formatProblems(problems));
    console.error(`${problems.length} problem(s) in ${dir}`);
    return 1;
  }
  console.log(`ok: ${content!.flow.steps.size} steps, ${content!.knowledge.size} intents (version ${content!.version})`);
  return 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
