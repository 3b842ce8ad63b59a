/** Which language a help page is shown in: the content's languages, the citizen's choice. */
import type { Content } from '../content/types.js';
import { baseLocale } from '../i18n/phrases.js';

/** Languages written right to left (the `dir` of the page). */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

/** The languages the pages are offered in: those that name themselves in `help_language_name`
 * (flows/phrases.yaml), French first; an editor adds a language by writing its phrases. */
export function helpLanguages(content: Content): string[] {
  const names = Object.keys(content.phrases.help_language_name ?? { fr: '' });
  return ['fr', ...names.filter((l) => l !== 'fr')];
}

/** The page's language: `?lang=` when offered, else the first offered one in Accept-Language, else French. */
export function chooseLanguage(offered: readonly string[], wanted: { lang?: string; acceptLanguage?: string }): string {
  const fromQuery = wanted.lang && baseLocale(wanted.lang);
  if (fromQuery && offered.includes(fromQuery)) return fromQuery;
  for (const tag of preferred(wanted.acceptLanguage ?? '')) {
    const base = baseLocale(tag);
    if (offered.includes(base)) return base;
  }
  return offered[0] ?? 'fr';
}

/** The direction of a language's text. */
export function textDirection(locale: string): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(baseLocale(locale)) ? 'rtl' : 'ltr';
}

/** Accept-Language's tags, most wanted first ("de-CH, en;q=0.8, *;q=0.1"); `q=0` means "not this one". */
function preferred(header: string): string[] {
  return header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((t) => /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(t.tag) && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((t) => t.tag);
}
