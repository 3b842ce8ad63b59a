/** The bot's system phrases through i18next: interpolation and locale fallback in one place. */
import i18next, { type i18n } from 'i18next';
import type { LocalizedText } from '../content/types.js';

/** The key of the easy-to-read French text (FALC, « Facile À Lire et à Comprendre ») beside `fr`. */
export const EASY_READ_KEY = 'fr_falc';

/** How the citizen reads, beyond the language: `easyRead` — they chose easy-to-read French. */
export interface Reading {
  easyRead?: boolean;
}

// The easy-to-read phrases live in their own namespace, looked up before the ordinary ones.
const EASY_READ_NS = 'falc';
const ORDINARY_NS = 'translation';

/** Looks up phrases by key for a locale. */
export interface Phrases {
  /** The phrase `key` in `locale`; in French with `reading.easyRead`, its easy-to-read text when it has one. */
  t(key: string, locale: string, vars?: Record<string, string | number>, reading?: Reading): string;
}

/** Picks a locale's text: the locale, else English, else French (always present); a French reader
 * who chose easy-to-read gets `fr_falc` where the text has it. */
export function pickText(text: LocalizedText, locale: string, reading: Reading = {}): string {
  const base = baseLocale(locale);
  if (reading.easyRead && base === 'fr' && text[EASY_READ_KEY]) return text[EASY_READ_KEY];
  return text[locale] ?? text[base] ?? text.en ?? text.fr;
}

/** True for a key of a LocalizedText that is a language (not `fr_falc`). */
export function isLanguageKey(key: string): boolean {
  return key !== EASY_READ_KEY;
}

/** "pt-BR" → "pt". */
export function baseLocale(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0];
}

/** Builds an i18next instance from flows/phrases.yaml (already validated). */
export function createPhrases(phrases: Record<string, LocalizedText>): Phrases {
  const resources: Record<string, Record<string, Record<string, string>>> = {};
  for (const [key, text] of Object.entries(phrases)) {
    for (const [locale, value] of Object.entries(text)) {
      const [lng, ns] = locale === EASY_READ_KEY ? ['fr', EASY_READ_NS] : [locale, ORDINARY_NS];
      resources[lng] ??= {};
      resources[lng][ns] ??= {};
      resources[lng][ns][key] = value;
    }
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    ns: [ORDINARY_NS, EASY_READ_NS],
    defaultNS: ORDINARY_NS,
    fallbackLng: ['en', 'fr'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const translate = (key: string, lng: string, vars: Record<string, string | number>, reading: Reading): string => {
    if (reading.easyRead && lng === 'fr' && instance.exists(key, { lng: 'fr', ns: EASY_READ_NS, fallbackLng: false })) {
      return instance.t(key, { lng, ns: EASY_READ_NS, ...vars });
    }
    return instance.t(key, { lng, ...vars });
  };
  // A phrase without variables is the same text every time for a language: i18next's lookup (fallbacks,
  // namespaces, nesting) was ~5 % of a turn's CPU. The cache lives with this instance, so a content
  // reload (a new instance) starts afresh. Keys × languages × 2 bounds it; the cap guards against a
  // caller passing arbitrary locale strings.
  const plain = new Map<string, string>();
  const PLAIN_CAP = 20_000;
  return {
    t: (key, locale, vars, reading = {}) => {
      const lng = baseLocale(locale);
      if (vars && Object.keys(vars).length) return translate(key, lng, vars, reading);
      const cacheKey = `${reading.easyRead ? 1 : 0}${lng}\u0000${key}`;
      let text = plain.get(cacheKey);
      if (text === undefined) {
        text = translate(key, lng, {}, reading);
        if (plain.size >= PLAIN_CAP) plain.clear();
        plain.set(cacheKey, text);
      }
      return text;
    },
  };
}
