/** Shape checks for content values; each failure is reported at the offending line. */
import type { YamlFile } from './yaml-file.js';
import { missingEmergencyNumbers } from '../i18n/protect.js';
import { EASY_READ_KEY } from '../i18n/phrases.js';
import type { LocalizedLink, LocalizedText } from './types.js';

type Path = (string | number)[];

/** True for a plain object (a YAML mapping). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where an easy-to-read French text (`fr_falc`, FALC) may be written: `no` (the key is refused),
 * `optional`, or `required` (the welcome and the answers: editors keep them complete). */
export type EasyReadRule = 'no' | 'optional' | 'required';

/** Reads `{fr: ..., en: ...}`; `required` locales must be present and non-empty. `easyRead` says
 * whether `fr_falc` is read here; when given, it must keep the emergency numbers of the French text. */
export function readLocalizedText(
  file: YamlFile,
  path: Path,
  value: unknown,
  required: readonly string[] = ['fr'],
  options: { easyRead?: EasyReadRule } = {},
): LocalizedText | undefined {
  const easyRead = options.easyRead ?? 'no';
  if (typeof value === 'string') {
    file.problem(path, `${describe(path)} must give the text per language, e.g. "fr: ..." and "en: ..."`);
    return undefined;
  }
  if (!isMapping(value)) {
    file.problem(path, `${describe(path)} is missing (expected texts per language: fr, en, ...)`);
    return undefined;
  }
  const text: LocalizedText = {};
  for (const [locale, v] of Object.entries(value)) {
    if (locale === EASY_READ_KEY && easyRead === 'no')
      file.problem([...path, locale], `${describe(path)} has no easy-to-read version: "${EASY_READ_KEY}" is read only in steps, answers and phrases`);
    else if (locale !== EASY_READ_KEY && !/^[a-z]{2}$/.test(locale))
      file.problem([...path, locale], `"${locale}" is not a two-letter language code (nor "${EASY_READ_KEY}")`);
    else if (typeof v !== 'string' || !v.trim()) file.problem([...path, locale], `${describe(path)} in "${locale}" is empty`);
    else text[locale] = v.trim();
  }
  for (const locale of required) {
    if (!(locale in value)) file.problem(path, `${describe(path)} has no "${locale}" text`);
  }
  if (easyRead === 'required' && !(EASY_READ_KEY in value)) file.problem(path, `${describe(path)} has no easy-to-read French text ("${EASY_READ_KEY}")`);
  const missing = text.fr && text[EASY_READ_KEY] ? missingEmergencyNumbers(text.fr, text[EASY_READ_KEY]) : [];
  if (missing.length)
    file.problem(
      [...path, EASY_READ_KEY],
      `${describe(path)} in "${EASY_READ_KEY}" must give the emergency numbers of the French text: ${missing.join(', ')} missing`,
    );
  return text;
}

/** Reads a list of `{label: {fr, en}, url}`; URLs must be https (citizens follow them). */
export function readLinks(file: YamlFile, path: Path, value: unknown, linkLocales: readonly string[] = ['fr']): LocalizedLink[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    file.problem(path, 'links must be a list of "- label: ... / url: ..." entries');
    return [];
  }
  const links: LocalizedLink[] = [];
  value.forEach((item, i) => {
    const at = [...path, i];
    if (!isMapping(item)) {
      file.problem(at, 'each link needs a label and a url');
      return;
    }
    const label = readLocalizedText(file, [...at, 'label'], item.label, linkLocales);
    const url = item.url;
    if (typeof url !== 'string' || !/^https:\/\/[^\s/]+\.[^\s]+$/.test(url)) {
      file.problem([...at, 'url'], `link url must be a full https:// address (got ${JSON.stringify(url ?? null)})`);
      return;
    }
    if (label) links.push({ label, url });
  });
  return links;
}

/** Reads `{locale: [strings]}` (training phrases, urgency examples). */
export function readPhraseLists(file: YamlFile, path: Path, value: unknown): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  if (!isMapping(value)) {
    file.problem(path, `${describe(path)} must list phrases per language (fr: [...], en: [...])`);
    return lists;
  }
  for (const [locale, items] of Object.entries(value)) {
    // A bare number such as "- 3018" is a phrase too: editors should not have to quote it.
    const texts = Array.isArray(items) ? items.map((p) => (typeof p === 'number' ? String(p) : p)) : undefined;
    if (!texts || texts.some((p) => typeof p !== 'string' || !p.trim())) {
      file.problem([...path, locale], `${describe(path)} in "${locale}" must be a list of non-empty texts`);
      continue;
    }
    lists[locale] = texts.map((p: string) => p.trim());
  }
  return lists;
}

function describe(path: Path): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return `"${last ?? 'value'}"`;
}

/** What a list of `- id: …` entries is called in its problems. */
export interface IdentifiedList {
  /** The problem when the value is not a list. */
  notAList: string;
  /** "answer", "choice", "announcement": "each <entry> needs an "id" …". */
  entry: string;
  /** Where an id must be unique, said after "is used twice" ("in this step"); '' for the file. */
  scope: string;
  idPattern: RegExp;
}

/** Calls `each` for every entry of a YAML list of `- id: …` mappings whose id is well formed and not
 * seen before in it, reporting the others (and a value that is not a list) at their lines. */
export function forEachIdentified(
  file: YamlFile,
  path: (string | number)[],
  value: unknown,
  list: IdentifiedList,
  each: (raw: Record<string, unknown> & { id: string }, at: (string | number)[]) => void,
): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    file.problem(path, list.notAList);
    return;
  }
  const seen = new Set<string>();
  value.forEach((raw, i) => {
    const at = [...path, i];
    if (!isMapping(raw) || typeof raw.id !== 'string' || !list.idPattern.test(raw.id)) {
      file.problem(at, `each ${list.entry} needs an "id" made of lowercase letters, digits, "_" or "-"`);
      return;
    }
    if (seen.has(raw.id)) {
      file.problem([...at, 'id'], `${list.entry} id "${raw.id}" is used twice${list.scope ? ` ${list.scope}` : ''}`);
      return;
    }
    seen.add(raw.id);
    each(raw as Record<string, unknown> & { id: string }, at);
  });
}
