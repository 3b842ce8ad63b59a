/** The legal pages (flows/pages/<name>.yaml): legal notice, personal data, accessibility statement.
 * Editors write a title and a body per language (fr required, the others optional); the hub serves
 * each at `/<name>` and links them from the widget's and the help centre's footers. The body is
 * plain text with a little markup, checked here so a page can only hold what its renderer escapes:
 * a blank line between blocks, "## " or "### " for a heading, "- " for list items, and
 * "[label](https://...)" for a link. */
import type { LocalizedText } from './types.js';
import { isMapping, readLocalizedText } from './validate.js';
import type { YamlFile } from './yaml-file.js';

/** The pages every deployment has, by file name and path (the footers link to all three). */
export const LEGAL_PAGES = ['mentions-legales', 'donnees-personnelles', 'accessibilite'] as const;
/** One of the legal pages' names. */
export type LegalPageName = (typeof LEGAL_PAGES)[number];

/** Where the pages' files live. */
export const LEGAL_PAGES_DIR = 'flows/pages';

/** A legal page as loaded: its title and body per language. */
export interface LegalPage {
  name: LegalPageName;
  title: LocalizedText;
  body: LocalizedText;
  source: string;
}

/** An inline link of a body: `[label](https://...)`. */
export const INLINE_LINK = /\[([^\]\n]+)\]\(([^)\s]*)\)/g;

/** Reads one page file; problems are recorded on `file` (file:line). */
export function readLegalPage(file: YamlFile, value: unknown): LegalPage | undefined {
  const name = file.file.slice(LEGAL_PAGES_DIR.length + 1).replace(/\.ya?ml$/, '');
  if (!(LEGAL_PAGES as readonly string[]).includes(name)) {
    file.problem([], `unexpected page "${name}": ${LEGAL_PAGES_DIR}/ holds ${LEGAL_PAGES.map((p) => `${p}.yaml`).join(', ')}`);
    return undefined;
  }
  if (!isMapping(value)) {
    file.problem([], 'the file must be a YAML mapping with "title" and "body"');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'title' && key !== 'body') file.problem([key], `unknown key "${key}" (a page has "title" and "body")`);
  }
  const title = readLocalizedText(file, ['title'], value.title);
  const body = readLocalizedText(file, ['body'], value.body);
  if (!title || !body) return undefined;
  for (const [locale, text] of Object.entries(body)) checkBody(file, locale, text);
  for (const locale of Object.keys(body)) {
    if (!(locale in title)) file.problem(['body', locale], `the body is in "${locale}" but the title is not`);
  }
  return { name: name as LegalPageName, title, body, source: file.file };
}

/** The markup rules, each broken one named at its line inside the block. */
function checkBody(file: YamlFile, locale: string, text: string): void {
  const start = file.textLine(['body', locale]);
  text.split('\n').forEach((line, i) => {
    const at = (message: string) => file.problems.push({ file: file.file, line: start + i, message: `body "${locale}": ${message}` });
    if (/^#(?!##?\s)/.test(line)) at('use "## " or "### " for a heading (the title is the page\'s only top heading)');
    for (const match of line.matchAll(INLINE_LINK)) {
      if (!/^https:\/\/[^\s/]+\.\S+$/.test(match[2]!)) at(`link "${match[1]}" must go to a full https:// address (got "${match[2]}")`);
    }
    if (/<[a-z!/]/i.test(line)) at('HTML is not allowed; write plain text (it is shown as typed)');
  });
}

/** A page's text in `lang`, falling back to English then French. */
export function legalText(text: LocalizedText, lang: string): string {
  return text[lang] ?? text.en ?? text.fr!;
}
