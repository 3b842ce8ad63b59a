/** Reads knowledge/routing.yaml: which skills an intent or a language needs, and how long a
 * conversation waits for a skilled agent. Problems are reported at the editor's line. */
import { SUPPORTED_LOCALES, isIntentId } from '../core/triage.js';
import type { RoutingRules } from './types.js';
import { isMapping } from './validate.js';
import type { YamlFile } from './yaml-file.js';

/** A skill as accounts carry it (same rule as src/agents/accounts.ts SKILL). */
const SKILL = /^[a-z0-9_-]{1,32}$/;

/** Two minutes: long enough for a trained colleague to finish a reply, short for someone waiting. */
export const DEFAULT_FALLBACK_SECONDS = 120;

/** The rules when the file is absent: no conversation needs a skill. */
export function noRouting(): RoutingRules {
  return { intents: {}, locales: {}, fallbackSeconds: DEFAULT_FALLBACK_SECONDS, ahead: [], source: 'knowledge/routing.yaml' };
}

/** Reads the file's mapping; unknown keys, intents, languages or badly written skills are problems. */
export function readRouting(file: YamlFile, value: Record<string, unknown>): RoutingRules {
  const rules = { ...noRouting(), source: file.file };
  for (const key of Object.keys(value)) {
    if (!['intents', 'locales', 'fallback_after_seconds', 'ahead_of_queue'].includes(key))
      file.problem([key], `unknown key "${key}" (expected intents, locales, fallback_after_seconds, ahead_of_queue)`);
  }
  const ahead = value.ahead_of_queue;
  if (ahead !== undefined && ahead !== null) {
    const list = typeof ahead === 'string' ? [ahead] : ahead;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || !SKILL.test(s))) {
      file.problem(['ahead_of_queue'], 'ahead_of_queue must be a list of skills in lower-case letters, digits, "_" or "-" (e.g. [vss])');
    } else rules.ahead = [...new Set(list as string[])].sort();
  }
  const fallback = value.fallback_after_seconds;
  if (fallback !== undefined) {
    if (typeof fallback !== 'number' || !Number.isInteger(fallback) || fallback < 0 || fallback > 3600) {
      file.problem(['fallback_after_seconds'], 'fallback_after_seconds must be a whole number of seconds from 0 to 3600');
    } else rules.fallbackSeconds = fallback;
  }
  for (const [key, isKnown, describe] of [
    ['intents', isIntentId, 'an intent id of the triage contract'],
    ['locales', (l: string) => (SUPPORTED_LOCALES as readonly string[]).includes(l), `a language the hub answers in (${SUPPORTED_LOCALES.join(', ')})`],
  ] as const) {
    const section = value[key];
    if (section === undefined || section === null) continue;
    if (!isMapping(section)) {
      file.problem([key], `"${key}" must map each ${key === 'intents' ? 'intent' : 'language'} to a list of skills, e.g. "violences: [vss]"`);
      continue;
    }
    const out: Record<string, string[]> = {};
    for (const [name, skills] of Object.entries(section)) {
      if (!isKnown(name)) {
        file.problem([key, name], `"${name}" is not ${describe}`);
        continue;
      }
      const list = typeof skills === 'string' ? [skills] : skills;
      if (!Array.isArray(list) || !list.length || list.some((s) => typeof s !== 'string' || !SKILL.test(s))) {
        file.problem([key, name], `skills of "${name}" must be a list of names in lower-case letters, digits, "_" or "-" (e.g. [vss])`);
        continue;
      }
      out[name] = [...new Set(list as string[])].sort();
    }
    if (key === 'intents') rules.intents = out;
    else rules.locales = out;
  }
  return rules;
}

/** Whether a conversation needing `skills` goes ahead of the other non-urgent ones (`ahead_of_queue`). */
export function goesAhead(rules: RoutingRules, skills: readonly string[]): boolean {
  return skills.some((s) => rules.ahead.includes(s));
}

/** The skills a conversation needs: its intent's and its language's, sorted, without repeats. */
export function skillsFor(rules: RoutingRules, conversation: { intent?: string; locale: string }): string[] {
  const fromIntent = conversation.intent && isIntentId(conversation.intent) ? (rules.intents[conversation.intent] ?? []) : [];
  const language = conversation.locale.split('-')[0].toLowerCase();
  return [...new Set([...fromIntent, ...(rules.locales[language] ?? [])])].sort();
}
