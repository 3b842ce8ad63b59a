/** The messaging apps' quick exit: a message made of one of the words of the `erase_command`
 * phrase (flows/phrases.yaml, comma-separated, in every language: "effacer, /effacer", "erase,
 * /erase"...) erases the sender's conversation. Only the whole message counts, in any of the
 * languages, with or without the slash, accents and capitals: "comment effacer ?" is a question. */
import { SUPPORTED_LOCALES } from '../core/triage.js';
import type { Phrases } from '../i18n/phrases.js';

/** The phrase listing the command's words. */
export const ERASE_COMMAND_PHRASE = 'erase_command';

// One set per content version: the phrases object changes when the content is reloaded.
const cache = new WeakMap<Phrases, Set<string>>();

/** True when `text` is the erase command in one of the supported languages. */
export function isEraseCommand(text: string, phrases: Phrases): boolean {
  if (text.length > 64) return false;
  let words = cache.get(phrases);
  if (!words) {
    words = new Set(
      SUPPORTED_LOCALES.flatMap((locale) => phrases.t(ERASE_COMMAND_PHRASE, locale).split(','))
        .map(commandForm)
        .filter(Boolean),
    );
    cache.set(phrases, words);
  }
  return words.has(commandForm(text));
}

/** "  /Effacer@RelaisBot ! " → "effacer": no slash, bot suffix, accents, capitals or end punctuation. */
export function commandForm(text: string): string {
  return text
    .trim()
    .replace(/^\/+/, '')
    .replace(/@\w+$/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.!?¡¿؟]+$/u, '')
    .trim();
}
