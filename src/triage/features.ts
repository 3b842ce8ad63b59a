/**
 * Sparse features of a normalised message: words, word pairs, character n-grams and concepts.
 *
 * Features are hashed to 32-bit integers straight from the characters (no feature strings, no
 * substrings for the n-grams), then summed in a reusable open-addressing table: the models look
 * integers up instead of strings, and a message allocates two small typed arrays. Two different
 * features share a hash with a probability of about 1 in 4 billion per pair: with the ~10^5
 * features the knowledge produces, a handful of rare features may share a weight, which does
 * not change any verdict measurably.
 */
import { conceptsOf } from './concepts.js';

/** A message's features: hashed keys and their weights (each key once). */
export interface FeatureVec {
  keys: Int32Array;
  val: Float32Array;
}

// Relative weights by feature family. Character n-grams are many and noisy (they carry typo
// robustness), words and concepts carry meaning, so they weigh more per feature.
const W_WORD = 1.0;
const W_BIGRAM = 0.8;
const W_STEM = 0.6;
const W_CHAR = 0.25;
const W_CONCEPT = 1.2;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Final avalanche (murmur3 fmix32): spreads FNV's low-entropy bits before the tables mask them. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hash of a feature family tag followed by a string (e.g. `hashKey('k', 'steal')`). */
export function hashKey(family: string, s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < family.length; i++) h = Math.imul(h ^ family.charCodeAt(i), FNV_PRIME);
  h = Math.imul(h ^ 0x1f, FNV_PRIME);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return fmix(h);
}

/** Hash of the characters `from..to` (exclusive) of ` tok ` (the token padded with spaces), in family `seed`. */
function hashPadded(tok: string, from: number, to: number, seed: number): number {
  let h = seed;
  const last = tok.length + 1;
  for (let p = from; p < to; p++) h = Math.imul(h ^ (p === 0 || p === last ? 32 : tok.charCodeAt(p - 1)), FNV_PRIME);
  return fmix(h);
}

const SEED_CHAR = Math.imul(FNV_OFFSET ^ 0x63, FNV_PRIME); // 'c'
const SEED_BIGRAM = 0x62b16a3d;
const SHORT = hashKey('short', '');

/** Hash of a word pair from the two word hashes. */
function pairHash(a: number, b: number): number {
  return fmix(Math.imul(Math.imul(SEED_BIGRAM ^ a, FNV_PRIME) ^ b, FNV_PRIME));
}

/**
 * Sums weights per hashed key, then hands out the result as a compact vector. One instance is
 * reused for every message (a generation stamp clears it in O(1)).
 */
export class FeatureAccumulator {
  private keys = new Int32Array(1024);
  private vals = new Float64Array(1024);
  private stamp = new Uint32Array(1024);
  private order = new Int32Array(512);
  private gen = 1;
  private n = 0;

  /** Start a new vector. */
  reset(): void {
    this.n = 0;
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }

  /** Add `w` to key `h`. */
  add(h: number, w: number): void {
    if (this.n * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = h & mask;
    while (this.stamp[i] === this.gen) {
      if (this.keys[i] === h) {
        this.vals[i]! += w;
        return;
      }
      i = (i + 1) & mask;
    }
    this.stamp[i] = this.gen;
    this.keys[i] = h;
    this.vals[i] = w;
    this.order[this.n++] = i;
  }

  /** The summed vector, optionally scaled to unit length. */
  take(unit: boolean): FeatureVec {
    const n = this.n;
    const keys = new Int32Array(n);
    const val = new Float32Array(n);
    let sq = 0;
    for (let j = 0; j < n; j++) {
      const v = this.vals[this.order[j]!]!;
      sq += v * v;
    }
    const scale = unit ? 1 / (Math.sqrt(sq) || 1) : 1;
    for (let j = 0; j < n; j++) {
      const i = this.order[j]!;
      keys[j] = this.keys[i]!;
      val[j] = this.vals[i]! * scale;
    }
    return { keys, val };
  }

  private grow(): void {
    const oldKeys = this.keys,
      oldVals = this.vals,
      oldOrder = this.order.subarray(0, this.n);
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap);
    this.vals = new Float64Array(cap);
    this.stamp = new Uint32Array(cap);
    this.order = new Int32Array(cap / 2);
    const n = this.n;
    this.n = 0;
    this.gen = 1;
    const mask = cap - 1;
    for (let j = 0; j < n; j++) {
      const h = oldKeys[oldOrder[j]!]!;
      let i = h & mask;
      while (this.stamp[i] === this.gen) i = (i + 1) & mask;
      this.stamp[i] = this.gen;
      this.keys[i] = h;
      this.vals[i] = oldVals[oldOrder[j]!]!;
      this.order[this.n++] = i;
    }
  }
}

/** Features of one token alone (word, stem, character n-grams, concepts), with its word hash. */
interface TokenFeatures {
  word: number;
  keys: Int32Array;
  val: Float32Array;
}

// Tokens repeat across messages: their features are computed once and kept (bounded memo).
const TOKEN_CACHE = new Map<string, TokenFeatures>();
const TOKEN_CACHE_MAX = 50_000;
const tokenAcc = new FeatureAccumulator();

function tokenFeatures(tok: string): TokenFeatures {
  const hit = TOKEN_CACHE.get(tok);
  if (hit) return hit;
  const acc = tokenAcc;
  acc.reset();
  const word = hashKey('w', tok);
  acc.add(word, W_WORD);
  // A crude stem shared across inflections and languages ("cambriolage", "cambriolé").
  if (tok.length >= 7) acc.add(hashKey('s', tok.slice(0, 5)), W_STEM);
  if (tok.length >= 3) {
    const padded = tok.length + 2;
    for (let n = 3; n <= 4; n++) {
      const seed = Math.imul(SEED_CHAR ^ n, FNV_PRIME);
      for (let j = 0; j + n <= padded; j++) acc.add(hashPadded(tok, j, j + n, seed), W_CHAR);
    }
  }
  for (const concept of conceptsOf(tok)) acc.add(hashKey('k', concept), W_CONCEPT);
  const { keys, val } = acc.take(false);
  const out: TokenFeatures = { word, keys, val };
  if (TOKEN_CACHE.size >= TOKEN_CACHE_MAX) TOKEN_CACHE.clear();
  TOKEN_CACHE.set(tok, out);
  return out;
}

const messageAcc = new FeatureAccumulator();

/**
 * Features for the intent and urgency models, from tokens produced by `normalizeTokens`, scaled
 * to unit length so long messages with context do not drown the signal.
 */
export function extractFeatures(tokens: readonly string[]): FeatureVec {
  const acc = messageAcc;
  acc.reset();
  let prev = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tf = tokenFeatures(tokens[i]!);
    const { keys, val } = tf;
    for (let j = 0; j < keys.length; j++) acc.add(keys[j]!, val[j]!);
    if (i > 0) acc.add(pairHash(prev, tf.word), W_BIGRAM);
    prev = tf.word;
  }
  if (tokens.length <= 2) acc.add(SHORT, 1);
  return acc.take(true);
}

/** A vector with `extra` keys appended at weight `w` (keys not already in `x`). */
export function withExtra(x: FeatureVec, extra: readonly number[], w: number): FeatureVec {
  if (extra.length === 0) return x;
  const keys = new Int32Array(x.keys.length + extra.length);
  const val = new Float32Array(keys.length);
  keys.set(x.keys);
  val.set(x.val);
  for (let j = 0; j < extra.length; j++) {
    keys[x.keys.length + j] = extra[j]!;
    val[x.keys.length + j] = w;
  }
  return { keys, val };
}
