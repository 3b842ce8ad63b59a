/** knowledge/canned.yaml written from the console: the editors' list is turned into YAML, checked with
 * the whole content exactly as `relais validate` checks it, and only then written, atomically (a temp
 * file renamed over it), so that every hub process's hot reload reads a whole file, never half of one. */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CANNED_VARIABLES } from './checks.js';
import { loadContent } from './load.js';
import type { Content, ContentProblem } from './types.js';

/** Where the canned answers live in a content folder. */
export const CANNED_FILE = 'knowledge/canned.yaml';

const HEADER = [
  '# Short answers agents insert from the console (edited there by editors and supervisors, or here).',
  '# id: what agents search for; category: the group they see it in; text: one entry per language it is',
  `# written in (offered in conversations in that language); variables: ${CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ')}.`,
  '',
].join('\n');

/** The file's text for a list of answers as the API receives them. What the API itself adds to an
 * answer it shows (`languages`, a `category` of null, no links) is dropped, so a listed answer can be
 * sent back as is; anything else stays, for validation to report. */
export function cannedYaml(list: readonly unknown[]): string {
  const tidy = list.map((entry) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
    const { languages: _, ...rest } = entry as Record<string, unknown>;
    if (rest.category === null) delete rest.category;
    if (Array.isArray(rest.links) && !rest.links.length) delete rest.links;
    return rest;
  });
  return HEADER + stringify(tidy, { lineWidth: 0 });
}

/** A short hash of the file as it is on disk now (every process sees the same): an editor's PUT
 * names the one it started from, so that saving over a colleague's newer change is refused. */
export async function cannedFileVersion(dir: string): Promise<string> {
  const text = await readFile(join(dir, CANNED_FILE), 'utf8').catch(() => '');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Checks the list with the rest of the content in `dir`; writes it when there is no problem.
 * `conflict` when `expected` (a cannedFileVersion) is given and the file has changed since. */
export async function saveCanned(
  dir: string,
  list: readonly unknown[],
  expected?: string,
): Promise<{ content?: Content; problems: ContentProblem[]; conflict?: boolean }> {
  if (expected && expected !== (await cannedFileVersion(dir))) return { problems: [], conflict: true };
  const text = cannedYaml(list);
  const checked = await loadContent(dir, { replace: { [CANNED_FILE]: text } });
  if (!checked.content) return checked;
  const target = join(dir, CANNED_FILE);
  // Same folder as the target, so the rename is atomic; not .yaml, so a reload never reads it.
  const temp = join(dir, 'knowledge', `.canned.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return checked;
}
