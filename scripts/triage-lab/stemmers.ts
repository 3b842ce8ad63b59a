/**
 * Snowball/Porter stemmers from the `natural` package for fr, en, es, de, it, pt (Arabic: none),
 * imported submodule by submodule so start-up stays fast (~40 ms for all six). The specifiers are
 * built at run time, so the type checker does not require `natural` to be installed.
 */

interface Stemmer {
  stem(token: string): string;
}

const FILES: Record<string, string> = {
  fr: 'porter_stemmer_fr',
  en: 'porter_stemmer',
  es: 'porter_stemmer_es',
  de: 'porter_stemmer_de',
  it: 'porter_stemmer_it',
  pt: 'porter_stemmer_pt',
};

/** A stem function for (token, locale), and how long the imports took. */
export interface LoadedStemmers {
  stem: (token: string, locale: string) => string | undefined;
  importMs: number;
}

/** Load the six stemmers (throws when `natural` is not installed: `npm install natural@8`). */
export async function loadStemmers(): Promise<LoadedStemmers> {
  const started = performance.now();
  const base = 'natural/lib/natural/stemmers/';
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([locale, file]) => {
      const mod = (await import(`${base}${file}.js`)) as { default: Stemmer };
      return [locale, mod.default] as const;
    }),
  );
  const byLocale = new Map<string, Stemmer>(entries);
  const importMs = performance.now() - started;
  const stem = (token: string, locale: string): string | undefined => {
    const s = byLocale.get(locale);
    // Digits and very short words gain nothing from a stem.
    if (!s || token.length < 4) return undefined;
    try {
      return s.stem(token);
    } catch {
      return undefined;
    }
  };
  return { stem, importMs };
}
