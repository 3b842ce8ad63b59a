/** The messaging apps' choice of language: a message that is only the command word and a language
 * ("/langue es", "/language english", "idioma español"), or only a language's own name ("español",
 * "English", "العربية"), switches the conversation's language. The command words are the
 * `language_command` phrase (flows/phrases.yaml), the names the `help_language_name` phrase, in each
 * of the seven languages; the forms are compared as commandForm (no slash, accents or capitals). */
import { SUPPORTED_LOCALES } from '../core/triage.js';
import type { Phrases } from '../i18n/phrases.js';
import { commandForm } from './erase-command.js';

/** The phrase listing the command's words, comma-separated. */
export const LANGUAGE_COMMAND_PHRASE = 'language_command';
/** The phrase holding each language's own name. */
export const LANGUAGE_NAME_PHRASE = 'help_language_name';

interface CommandWords {
  commands: Set<string>;
  /** A language's code or own name (command form) → the locale. */
  languages: Map<string, string>;
}

// One table per content version: the phrases object changes when the content is reloaded.
const cache = new WeakMap<Phrases, CommandWords>();

function wordsOf(phrases: Phrases): CommandWords {
  let words = cache.get(phrases);
  if (words) return words;
  const commands = new Set(
    SUPPORTED_LOCALES.flatMap((locale) => phrases.t(LANGUAGE_COMMAND_PHRASE, locale).split(','))
      .map(commandForm)
      .filter(Boolean),
  );
  const languages = new Map<string, string>();
  for (const locale of SUPPORTED_LOCALES) {
    languages.set(locale, locale);
    languages.set(commandForm(phrases.t(LANGUAGE_NAME_PHRASE, locale)), locale);
  }
  words = { commands, languages };
  cache.set(phrases, words);
  return words;
}

/** The locale `text` asks for when it is the language command (or a language's name alone); else undefined. */
export function languageCommand(text: string, phrases: Phrases): string | undefined {
  if (text.length > 64) return undefined;
  const { commands, languages } = wordsOf(phrases);
  const form = commandForm(text);
  const alone = languages.get(form);
  if (alone && form.length > 2) return alone; // a name alone; a bare code ("es", "it") is an ordinary word
  const [command, ...rest] = form.split(/\s+/);
  if (rest.length !== 1 || !commands.has(command!)) return undefined;
  return languages.get(rest[0]!);
}
