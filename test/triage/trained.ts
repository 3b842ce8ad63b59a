/** One trained triage shared by the triage tests (training once keeps the suite fast). */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTriage, loadTriageContent, type RelaisTriage } from '../../src/triage/index.js';

/** The project root (holds knowledge/ and test/data/triage/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let trained: Promise<RelaisTriage> | undefined;

/** The triage trained on the real knowledge/ files. */
export function trainedTriage(): Promise<RelaisTriage> {
  trained ??= loadTriageContent(ROOT).then(({ content }) => createTriage(content));
  return trained;
}

/** Lines of a JSONL file under test/data/triage/. */
export function readData<T>(file: string): T[] {
  return readFileSync(join(ROOT, 'test', 'data', 'triage', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
