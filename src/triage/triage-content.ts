/** Loads what the triage needs from a content directory, for tools and tests (eval, bench, CLI). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCorpus } from '../content/corpus.js';
import { loadContent } from '../content/load.js';
import type { Content, ContentProblem, KnowledgeEntry } from '../content/types.js';
import { isIntentId, type IntentId } from '../core/triage.js';

/** The triage's slice of the content, and any problems the full loader reported. */
export interface TriageContent {
  content: Pick<Content, 'knowledge' | 'urgency' | 'corpus'>;
  problems: ContentProblem[];
}

function phraseLists(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (value && typeof value === 'object') {
    for (const [locale, list] of Object.entries(value)) if (Array.isArray(list)) out[locale] = list.map(String);
  }
  return out;
}

/**
 * The validated content through the hub's loader; when another part of the content (a flow) is
 * broken, the knowledge files are read directly so the triage can still be trained and evaluated.
 */
export async function loadTriageContent(dir: string): Promise<TriageContent> {
  const { content, problems } = await loadContent(dir);
  if (content) return { content, problems };
  const knowledge = new Map<IntentId, KnowledgeEntry>();
  const intentsDir = join(dir, 'knowledge', 'intents');
  for (const f of (await readdir(intentsDir)).filter((n) => n.endsWith('.yaml')).sort()) {
    const v = parse(await readFile(join(intentsDir, f), 'utf8')) as Record<string, unknown>;
    if (typeof v.intent !== 'string' || !isIntentId(v.intent)) continue;
    knowledge.set(v.intent, {
      intent: v.intent,
      title: {},
      answer: {},
      links: [],
      answers: [],
      clarifies: v.clarifies === true,
      handoff: v.handoff === true,
      help: v.help !== false,
      phrases: phraseLists(v.phrases),
      source: `knowledge/intents/${f}`,
    });
  }
  const u = parse(await readFile(join(dir, 'knowledge', 'urgency.yaml'), 'utf8')) as Record<string, unknown>;
  const urgency = { urgent: phraseLists(u.urgent), notUrgent: phraseLists(u.not_urgent), source: 'knowledge/urgency.yaml' };
  const { corpus } = await loadCorpus(dir);
  return { content: { knowledge, urgency, corpus }, problems };
}
