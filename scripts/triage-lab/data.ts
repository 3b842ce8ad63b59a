/**
 * Lab data: the writers' voices (knowledge/corpus/<writer>/) and the knowledge
 * training phrases. The blind set (test/data/triage/blind/) is never read here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import { loadTriageContent } from '../../src/triage/triage-content.js';
import type { Danger } from '../../src/triage/model/learned-triage.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VOICES = join(ROOT, 'knowledge', 'corpus');

/** Every writer's folder under knowledge/corpus/ (a, b, c…). */
export const WRITERS: readonly string[] = readdirSync(VOICES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
export type Writer = string;
export const LOCALES = ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'] as const;

export interface UrgencyRow {
  text: string;
  locale: string;
  danger: Danger;
  kind: string;
  family: string;
  intent: string;
  writer: Writer;
}

export interface IntentRow {
  text: string;
  locale: string;
  intent: string;
  writer: Writer;
}

export interface Voices {
  urgency: UrgencyRow[];
  intents: IntentRow[];
}

function readJsonl<T>(file: string): T[] {
  if (file.includes(`${join('triage', 'blind')}`)) throw new Error('the blind set is off limits');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** One writer's lines in `dir`, tagged with `writer`; either file may be absent (rounds 3–6 wrote
 * urgency lines only, round 7 intent lines only). */
export function loadWriter(dir: string, writer: Writer): Voices {
  const read = <T>(name: string): (T & { writer: Writer })[] =>
    existsSync(join(dir, name)) ? readJsonl<T>(join(dir, name)).map((r) => ({ ...r, writer })) : [];
  return { urgency: read<Omit<UrgencyRow, 'writer'>>('urgency.jsonl'), intents: read<Omit<IntentRow, 'writer'>>('intents.jsonl') };
}

/** Every writer's urgency and intent lines, each tagged with its writer. */
export function loadVoices(): Voices {
  const all = WRITERS.map((writer) => loadWriter(join(VOICES, writer), writer));
  return { urgency: all.flatMap((v) => v.urgency), intents: all.flatMap((v) => v.intents) };
}

/** The knowledge training material, flattened. */
export interface Knowledge {
  content: Pick<Content, 'knowledge' | 'urgency'>;
  phrases: { text: string; locale: string; intent: string }[];
  urgent: { text: string; locale: string }[];
  notUrgent: { text: string; locale: string }[];
}

/** Load the content with the hub's loader (falls back to reading the knowledge files when a flow is broken). */
export async function loadKnowledge(): Promise<Knowledge> {
  const loaded = await loadContent(ROOT);
  const content = loaded.content ?? (await loadTriageContent(ROOT)).content;
  const phrases: Knowledge['phrases'] = [];
  for (const entry of content.knowledge.values()) {
    for (const [locale, list] of Object.entries(entry.phrases)) for (const text of list) phrases.push({ text: String(text), locale, intent: entry.intent });
  }
  const flat = (side: Record<string, string[]>) => Object.entries(side).flatMap(([locale, list]) => list.map((text) => ({ text: String(text), locale })));
  return { content, phrases, urgent: flat(content.urgency.urgent), notUrgent: flat(content.urgency.notUrgent) };
}

/** A message of the older sets (test/data/triage/*.jsonl): urgent or not, no `maybe`. */
export interface OlderRow {
  text: string;
  locale?: string;
  urgent: boolean;
  intent?: string;
  kind?: string;
  family?: string;
}

const OLDER = join(ROOT, 'test', 'data', 'triage');

interface PairLine {
  urgent: string;
  lookalike: string;
  locale: string;
  family: string;
  kind: string;
  intent: string;
}

function pairs(file: string): OlderRow[] {
  return readJsonl<PairLine>(join(OLDER, file)).flatMap((p) => [
    { text: p.urgent, locale: p.locale, urgent: true, intent: p.intent, kind: p.kind },
    { text: p.lookalike, locale: p.locale, urgent: false, family: p.family },
  ]);
}

/** The older dev material (dev, dev2, dev3 pairs and the probes): already used to tune the lexicon, so never a fair test. */
export function loadOlderDev(): OlderRow[] {
  const probes = readJsonl<{ text: string; urgent: boolean }>(join(OLDER, 'urgency-probes.jsonl'));
  return [...pairs('urgency-dev.jsonl'), ...pairs('urgency-dev2.jsonl'), ...pairs('urgency-dev3.jsonl'), ...probes];
}

/** The older held-out test sets: urgency pairs and intents-test (other writers than the voices). */
export function loadOlderTest(): { urgency: OlderRow[]; intents: { text: string; locale: string; intent: string }[] } {
  return { urgency: pairs('urgency-pairs.jsonl'), intents: readJsonl(join(OLDER, 'intents-test.jsonl')) };
}
