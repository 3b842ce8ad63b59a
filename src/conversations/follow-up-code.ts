/** Follow-up codes: what a citizen writes down to find a conversation again from another device.
 * Twelve symbols from an alphabet without look-alikes (no 0/O, 1/I/L, U/V), drawn with
 * crypto.randomInt: 29^12 ≈ 2^58.3, so ten guesses a minute per address (web/rate-limit.ts) would
 * take millions of years to find one. Shown in groups of four: K7QM-2XPA-9RTD. */
import { randomInt } from 'node:crypto';

/** The symbols a code is made of. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const LENGTH = 12;
const GROUP = 4;

/** A fresh code, formatted for people (K7QM-2XPA-9RTD). */
export function newFollowUpCode(): string {
  let raw = '';
  for (let i = 0; i < LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatFollowUpCode(raw);
}

/** "k7qm 2xpa-9rtd" → "K7QM2XPA9RTD"; undefined when it cannot be a code (the caller answers 404). */
export function normaliseFollowUpCode(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[\s\-_.]+/g, '');
  if (raw.length !== LENGTH) return undefined;
  for (const c of raw) if (!CODE_ALPHABET.includes(c)) return undefined;
  return raw;
}

/** Groups of four joined by dashes. */
export function formatFollowUpCode(raw: string): string {
  return raw.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}
