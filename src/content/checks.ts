/**
 * Checks across the content that no single field shows: fields nobody reads (a typo an editor
 * would never notice), steps no path reaches, a training phrase two topics claim, and `{{names}}`
 * the hub never fills. Each is reported at the offending line.
 */
import { normalizeText } from '../triage/normalize.js';
import type { FlowStep, KnowledgeEntry, LocalizedText } from './types.js';
import { isMapping } from './validate.js';
import type { YamlFile } from './yaml-file.js';

type Path = (string | number)[];

/** Reports every key of `value` not in `allowed` ("unknown field"), with the fields that are. */
export function checkFields(file: YamlFile, path: Path, value: unknown, allowed: readonly string[]): void {
  if (!isMapping(value)) return;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) file.problem([...path, key], `unknown field "${key}" (expected: ${allowed.join(', ')})`);
  }
}

/** Steps that no choice leads to from the start step: citizens can never see them. */
export function checkReachable(files: YamlFile[], steps: Map<string, FlowStep>, start: string): void {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id) || !steps.has(id)) continue;
    seen.add(id);
    for (const choice of steps.get(id)!.choices) if (choice.goto) queue.push(choice.goto);
  }
  for (const step of steps.values()) {
    if (seen.has(step.id)) continue;
    const file = files.find((f) => step.source.startsWith(`${f.file}:`));
    file?.problem(['steps', step.id], `step "${step.id}" is never reached: no choice from "${start}" leads to it`);
  }
}

/** The same phrase (case, accents and punctuation aside) under two topics, or two sub-answers, or a
 * topic and a sub-answer: the triage cannot learn both, and the sub-answer matcher could pick either. */
export function checkPhraseOwners(files: YamlFile[], knowledge: Map<string, KnowledgeEntry>): void {
  const owner = new Map<string, string>();
  const claim = (file: YamlFile | undefined, name: string, at: Path, phrases: Record<string, string[]>): void => {
    for (const [locale, list] of Object.entries(phrases)) {
      list.forEach((phrase, i) => {
        const key = `${locale}:${normalizeText(phrase)}`;
        const first = owner.get(key);
        if (first && first !== name) {
          const what = first.includes('/') || name.includes('/') ? 'a phrase' : 'a training phrase';
          file?.problem([...at, locale, i], `the phrase "${phrase}" is also ${what} of "${first}": keep it in one topic`);
        } else owner.set(key, name);
      });
    }
  };
  for (const entry of knowledge.values())
    claim(
      files.find((f) => f.file === entry.source),
      entry.intent,
      ['phrases'],
      entry.phrases,
    );
  for (const entry of knowledge.values()) {
    const file = files.find((f) => f.file === entry.source);
    entry.answers.forEach((sub, i) => {
      claim(file, `${entry.intent}/${sub.id}`, ['answers', i, 'phrases'], sub.phrases);
    });
  }
}

/**
 * The `{{names}}` the hub fills in each phrase (see where each phrase is said); a phrase not listed
 * gets none. Step texts get the hub's facts (`retention_hours`).
 */
export const PHRASE_VARIABLES: Record<string, readonly string[]> = {
  too_long: ['max'],
  handoff_position: ['position'],
  queue_wait: ['minutes'],
  queue_moved: ['position', 'minutes'],
  handoff_code: ['code'],
  handoff_after_hours: ['back'],
  stations_distance: ['km'],
  stations_hours: ['hours'],
  stations_map: ['name'],
  stations_nearest: ['place'],
  help_results: ['q'],
  contact_mail_body: ['reply'],
  note_transferred: ['from', 'to', 'note'],
  note_requeued: ['agent', 'note'],
  note_console_gone: ['agent'],
  appointment_ask_half_day: ['station'],
  appointment_morning: ['day'],
  appointment_afternoon: ['day'],
  appointment_requested: ['station', 'preferred'],
  appointment_confirmed: ['when', 'station', 'address', 'note'],
  appointment_calendar_title: ['station'],
  note_appointment_request: ['station', 'preferred'],
  note_appointment_confirmed: ['agent', 'station', 'id', 'when'],
  note_forwarded: ['unit', 'agent'],
  forward_mail_subject: ['reference', 'intent', 'date', 'agent', 'summary'],
  forward_mail_body: ['reference', 'intent', 'date', 'agent', 'summary'],
  note_undeliverable: ['seq', 'reason'],
};

/** The variables of canned answers, filled when an agent inserts one: their display name, the
 * conversation's station (its appointment's), a new follow-up code for the citizen. */
export const CANNED_VARIABLES: readonly string[] = ['agent', 'station', 'code'];

const PLACEHOLDER = /\{\{\s*([^}\s]+)\s*\}\}/g;

/** The `{{names}}` of `text` that are not in `known`, each once. */
export function unknownVariables(text: string, known: readonly string[]): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.includes(name)))];
}

function unfilled(text: LocalizedText, known: readonly string[]): [string, string] | undefined {
  for (const [locale, value] of Object.entries(text)) {
    for (const m of value.matchAll(PLACEHOLDER)) if (!known.includes(m[1]!)) return [locale, m[1]!];
  }
  return undefined;
}

/** `{{name}}` the hub does not fill would reach citizens as is. */
export function checkPlaceholders(
  phrasesFile: YamlFile | undefined,
  phrases: Record<string, LocalizedText>,
  files: YamlFile[],
  steps: Map<string, FlowStep>,
  facts: readonly string[],
): void {
  for (const [key, text] of Object.entries(phrases)) {
    const bad = unfilled(text, PHRASE_VARIABLES[key] ?? []);
    const names = (PHRASE_VARIABLES[key] ?? []).map((n) => `{{${n}}}`).join(', ') || 'none';
    if (bad) phrasesFile?.problem([key, bad[0]], `"{{${bad[1]}}}" is not filled in by the hub in "${key}" (it fills: ${names})`);
  }
  for (const step of steps.values()) {
    const bad = unfilled(step.say, facts);
    const file = files.find((f) => step.source.startsWith(`${f.file}:`));
    if (bad)
      file?.problem(
        ['steps', step.id, 'say', bad[0]],
        `"{{${bad[1]}}}" is not filled in by the hub in a step (it fills: ${facts.map((n) => `{{${n}}}`).join(', ')})`,
      );
  }
}
