/** Sparse features of a normalised message: words, word pairs, character n-grams and concepts. */
import { conceptsOf } from './concepts.js';

/** A feature name → weight bag; the models turn it into indices with their vocabulary. */
export type FeatureBag = Map<string, number>;

// Relative weights by feature family. Character n-grams are many and noisy (they carry typo
// robustness), words and concepts carry meaning, so they weigh more per feature.
const W_WORD = 1.0;
const W_BIGRAM = 0.8;
const W_STEM = 0.6;
const W_CHAR = 0.25;
const W_CONCEPT = 1.2;

function bump(bag: FeatureBag, key: string, w: number): void {
  bag.set(key, (bag.get(key) ?? 0) + w);
}

/** Features of one token alone (word, stem, character n-grams, concepts), as key/weight pairs. */
type TokenFeatures = readonly (readonly [string, number])[];

// Tokens repeat across messages: their features are computed once and kept (bounded memo). The
// cached key strings keep their computed hash, so vocabulary lookups are cheaper too.
const TOKEN_CACHE = new Map<string, TokenFeatures>();
const TOKEN_CACHE_MAX = 50_000;

function tokenFeatures(tok: string): TokenFeatures {
  const hit = TOKEN_CACHE.get(tok);
  if (hit) return hit;
  const local: FeatureBag = new Map();
  bump(local, 'w' + tok, W_WORD);
  // A crude stem shared across inflections and languages ("cambriolage", "cambriolé").
  if (tok.length >= 7) bump(local, 's' + tok.slice(0, 5), W_STEM);
  if (tok.length >= 3) {
    const padded = ' ' + tok + ' ';
    for (let n = 3; n <= 4; n++) {
      for (let j = 0; j + n <= padded.length; j++) bump(local, 'c' + padded.slice(j, j + n), W_CHAR);
    }
  }
  for (const concept of conceptsOf(tok)) bump(local, 'k' + concept, W_CONCEPT);
  const out = [...local.entries()];
  if (TOKEN_CACHE.size >= TOKEN_CACHE_MAX) TOKEN_CACHE.clear();
  TOKEN_CACHE.set(tok, out);
  return out;
}

/** Features for intent and urgency models, from tokens produced by `normalizeTokens`. */
export function extractFeatures(tokens: readonly string[]): FeatureBag {
  const bag: FeatureBag = new Map();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    for (const [k, w] of tokenFeatures(tok)) bump(bag, k, w);
    if (i + 1 < tokens.length) bump(bag, 'b' + tok + ' ' + tokens[i + 1], W_BIGRAM);
  }
  if (tokens.length <= 2) bump(bag, 'short', 1);
  return bag;
}

/** Scale a bag to unit length so long messages with context do not drown the signal. */
export function normalizeBag(bag: FeatureBag): FeatureBag {
  let sq = 0;
  for (const v of bag.values()) sq += v * v;
  const norm = Math.sqrt(sq) || 1;
  for (const [k, v] of bag) bag.set(k, v / norm);
  return bag;
}
