/** What machine translation must never touch: links, {{placeholders}}, e-mail addresses, codes and
 * every word holding a digit (the emergency numbers, phone numbers, times, street numbers). They
 * leave as numbered tokens and come back verbatim; a translation that lost or doubled one is refused.
 * Since codes and numbers never reach the server, they never reach the translation cache either. */

/** The numbers a citizen in danger must read exactly as written. */
export const EMERGENCY_NUMBERS = ['15', '17', '18', '112', '114', '3114'] as const;

const PROTECTED = new RegExp(
  [
    String.raw`https?://[^\s<>"]+[^\s<>".,;:!?)]`, // a link (trailing punctuation left to the sentence)
    String.raw`\{\{\s*\w+\s*\}\}`, // a placeholder
    String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`, // an e-mail address
    String.raw`\b[A-Z0-9]{2,}(?:-[A-Z0-9]{2,})+\b`, // a code such as K7QM-2XPA-9RTD
    String.raw`[\p{L}\p{N}]*\p{N}(?:[\p{L}\p{N}+:./-]*[\p{L}\p{N}])?`, // any word with a digit
  ].join('|'),
  'gu',
);

/** A token as the server may give it back: `[[3]]`, `[ [3] ]`, with any script's digits. */
const TOKEN = /\[\s?\[\s?(\p{Nd}+)\s?\]\s?\]/gu;

/** A text with its protected parts replaced by tokens, and what they stood for. */
export interface Protected {
  text: string;
  kept: string[];
}

/** Replaces what must not be translated by `[[0]]`, `[[1]]`… */
export function protect(text: string): Protected {
  const kept: string[] = [];
  const out = text.replace(PROTECTED, (whole) => {
    kept.push(whole);
    return `[[${kept.length - 1}]]`;
  });
  return { text: out, kept };
}

/** Puts the kept parts back; undefined when a token is missing, unknown or repeated. */
export function restore(translated: string, kept: readonly string[]): string | undefined {
  const seen = new Set<number>();
  let broken = false;
  const out = translated.replace(TOKEN, (_whole, digits: string) => {
    const i = Number(digitsToAscii(digits));
    if (!(i < kept.length) || seen.has(i)) broken = true;
    seen.add(i);
    return kept[i] ?? '';
  });
  return broken || seen.size !== kept.length ? undefined : out;
}

/** True when `translated` says every emergency number of `source` as often, and no other one. */
export function emergencyNumbersKept(source: string, translated: string): boolean {
  const a = emergencyNumbersIn(source);
  const b = emergencyNumbersIn(translated);
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The emergency numbers `source` gives that `other` does not (each once, in their order in EMERGENCY_NUMBERS). */
export function missingEmergencyNumbers(source: string, other: string): string[] {
  const given = new Set(emergencyNumbersIn(other));
  const wanted = new Set(emergencyNumbersIn(source));
  return EMERGENCY_NUMBERS.filter((n) => wanted.has(n) && !given.has(n));
}

function emergencyNumbersIn(text: string): string[] {
  const found = text.match(/(?<![\p{N}\p{L}])\p{N}+(?![\p{N}\p{L}])/gu) ?? [];
  return found
    .map(digitsToAscii)
    .filter((n) => (EMERGENCY_NUMBERS as readonly string[]).includes(n))
    .sort();
}

/** The zero of each script's digits a translation may use (Latin, Arabic-Indic, Persian, Devanagari,
 * Bengali, Thai, Myanmar, full-width). */
const ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1040, 0xff10];

/** "١٧" → "17": some targets write digits in their own script. */
function digitsToAscii(digits: string): string {
  return digits.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0)!;
    const zero = ZEROS.find((z) => cp >= z && cp <= z + 9);
    return zero === undefined ? d : String(cp - zero);
  });
}
