/** The bot's system phrases through i18next: interpolation and locale fallback in one place. */
import i18next, { type i18n } from 'i18next';
import type { LocalizedText } from '../content/types.js';

/** Looks up phrases by key for a locale. */
export interface Phrases {
  t(key: string, locale: string, vars?: Record<string, string | number>): string;
}

/** Picks a locale's text: the locale, else English, else French (always present). */
export function pickText(text: LocalizedText, locale: string): string {
  return text[locale] ?? text[baseLocale(locale)] ?? text.en ?? text.fr;
}

/** "pt-BR" → "pt". */
export function baseLocale(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0];
}

/** Builds an i18next instance from flows/phrases.yaml (already validated). */
export function createPhrases(phrases: Record<string, LocalizedText>): Phrases {
  const resources: Record<string, { translation: Record<string, string> }> = {};
  for (const [key, text] of Object.entries(phrases)) {
    for (const [locale, value] of Object.entries(text)) {
      resources[locale] ??= { translation: {} };
      resources[locale].translation[key] = value;
    }
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    fallbackLng: ['en', 'fr'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    t: (key, locale, vars = {}) => instance.t(key, { lng: baseLocale(locale), ...vars }),
  };
}
