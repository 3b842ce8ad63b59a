/**
 * The triage's labelled examples (`knowledge/corpus/<writer>/{urgency,intents}.jsonl`): one JSON
 * object a line, written by several writers in their own voices. Editors add a line when the bot
 * misjudged a message; a bad line is reported at its file:line and the whole content is refused,
 * like any other content problem.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIntentId, type IntentId } from '../core/triage.js';
import type { ContentProblem } from './types.js';

export type DangerLabel = 'none' | 'maybe' | 'now';
const DANGERS: readonly string[] = ['none', 'maybe', 'now'];
const LOCALE = /^[a-z]{2,3}$/;

/** A message labelled with its danger and its contract intent. */
export interface UrgencyLine {
  text: string;
  locale: string;
  danger: DangerLabel;
  intent: IntentId;
}

/** A message labelled with its intent (never urgent). */
export interface IntentLine {
  text: string;
  locale: string;
  intent: IntentId;
}

export interface Corpus {
  urgency: UrgencyLine[];
  intents: IntentLine[];
  /** The files read, relative to the content directory (for the version hash and messages). */
  files: string[];
}

type Row = Record<string, unknown>;

function problemsOf(row: unknown, kind: 'urgency' | 'intents'): string | undefined {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return 'each line must be a JSON object';
  const r = row as Row;
  if (typeof r.text !== 'string' || !r.text.trim()) return '"text" must be a non-empty string';
  if (typeof r.locale !== 'string' || !LOCALE.test(r.locale)) return '"locale" must be a language code such as "fr"';
  if (typeof r.intent !== 'string' || !isIntentId(r.intent)) return `"intent" must be one of the contract's intent ids (got ${JSON.stringify(r.intent)})`;
  if (kind === 'urgency' && (typeof r.danger !== 'string' || !DANGERS.includes(r.danger))) return '"danger" must be "now", "maybe" or "none"';
  return undefined;
}

/** Reads every writer's folder under `knowledge/corpus/`; a missing folder is an empty corpus. */
export async function loadCorpus(dir: string): Promise<{ corpus: Corpus; problems: ContentProblem[]; raw: string[] }> {
  const corpus: Corpus = { urgency: [], intents: [], files: [] };
  const problems: ContentProblem[] = [];
  const raw: string[] = [];
  let writers: string[];
  try {
    writers = (await readdir(join(dir, 'knowledge', 'corpus'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return { corpus, problems, raw };
  }
  for (const writer of writers) {
    for (const kind of ['urgency', 'intents'] as const) {
      const file = `knowledge/corpus/${writer}/${kind}.jsonl`;
      let text: string;
      try {
        text = await readFile(join(dir, file), 'utf8');
      } catch {
        continue;
      }
      corpus.files.push(file);
      raw.push(file, text);
      text.split('\n').forEach((line, i) => {
        if (!line.trim()) return;
        let row: unknown;
        try {
          row = JSON.parse(line);
        } catch {
          problems.push({ file, line: i + 1, message: 'not valid JSON (one object a line: {"text": …, "locale": …, …})' });
          return;
        }
        const problem = problemsOf(row, kind);
        if (problem) {
          problems.push({ file, line: i + 1, message: problem });
          return;
        }
        const r = row as Row;
        const base = { text: String(r.text), locale: String(r.locale), intent: r.intent as IntentId };
        if (kind === 'urgency') corpus.urgency.push({ ...base, danger: r.danger as DangerLabel });
        else corpus.intents.push(base);
      });
    }
  }
  return { corpus, problems, raw };
}
