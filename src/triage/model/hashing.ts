/**
 * 32-bit feature hashing straight from characters (FNV-1a with a murmur3 finaliser): a feature is
 * never built as a string, so extracting a message's n-grams allocates almost nothing.
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** murmur3 fmix32: spreads FNV's weak low bits before a table masks them. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A seed for one feature family (words, stems, char n-grams of length n...). */
export function familySeed(tag: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Hash of `s[from..to)` in the family `seed`. */
export function hashRange(s: string, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return fmix(h);
}

/** Hash of a whole string in the family `seed`. */
export function hashString(s: string, seed: number): number {
  return hashRange(s, 0, s.length, seed);
}

/** Hash of an ordered pair of hashes (word bigrams). */
export function hashPair(a: number, b: number, seed: number): number {
  return fmix(Math.imul(Math.imul(seed ^ a, FNV_PRIME) ^ b, FNV_PRIME));
}
