/**
 * Hashed sparse features of a normalised message: character n-grams (inside padded words, or over
 * the whole text), words, word bigrams, optional stems and optional concept features. Every
 * feature lands in one of 2^bits slots; the vector is deduplicated and scaled to unit length so a
 * long letter and a two-word cry weigh the same.
 */
import { familySeed, hashPair, hashRange, hashString } from './hashing.js';

/** A sparse vector over the hashed slots (each slot once). */
export interface Sparse {
  idx: Int32Array;
  val: Float32Array;
}

/** What to extract, and how much each family weighs before the vector is scaled to unit length. */
export interface FeatureOptions {
  /** 2^bits hashed slots. */
  bits: number;
  /** Character n-gram lengths (charMax 0: none). */
  charMin: number;
  charMax: number;
  /** `word`: n-grams inside each space-padded word (cacheable, cheaper); `text`: over the whole text, across word boundaries. */
  charScope: 'word' | 'text';
  words: boolean;
  bigrams: boolean;
  wChar: number;
  wWord: number;
  wBigram: number;
  wStem: number;
  wConcept: number;
  /** A stem for a token in a locale (undefined: none). */
  stem?: (token: string, locale: string) => string | undefined;
  /** Concept names for a token (e.g. `dangerConceptsOf`). */
  concepts?: (token: string) => readonly string[];
  /** Also hash pairs of concepts of adjacent words and of the message's concept set (e.g. "now" near "weapon"). */
  conceptPairs?: boolean;
  /** Message-level named features (e.g. flags read by hand-written patterns), at weight `wExtra`. */
  extra?: (tokens: readonly string[]) => readonly string[];
  wExtra?: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  bits: 16,
  charMin: 2,
  charMax: 5,
  charScope: 'word',
  words: true,
  bigrams: true,
  wChar: 0.35,
  wWord: 1,
  wBigram: 0.8,
  wStem: 0.8,
  wConcept: 1,
};

const SEED_WORD = familySeed('w');
const SEED_BIGRAM = familySeed('b');
const SEED_STEM = familySeed('s');
const SEED_CONCEPT = familySeed('k');
const SEED_CPAIR = familySeed('kp');
const SEED_SHORT = familySeed('short');
const SEED_EXTRA = familySeed('x');
const CHAR_SEEDS = Array.from({ length: 12 }, (_, n) => familySeed(`c${n}`));

/** The slots and weights one token contributes on its own, and its word hash (for bigrams). */
export interface TokenPart {
  word: number;
  idx: Int32Array;
  val: Float32Array;
  concepts: readonly string[];
}

const CACHE_MAX = 100_000;

/**
 * A message's features split for scoring by linearity: the (cached) parts of its tokens, the rest
 * (bigrams, concept pairs, flags…) unscaled, and the unit-length scale of the whole vector. A
 * linear model's scores are scale × (Σ token parts' scores + the rest's): a scorer may keep each
 * token part's scores instead of reading its ~25 weight rows again for every message.
 */
export interface MessageParts {
  tokens: TokenPart[];
  restIdx: number[];
  restVal: number[];
  scale: number;
}

/** Extracts features with fixed options; keeps a per-token cache and one scratch vector. */
export class FeatureExtractor {
  readonly dim: number;
  private readonly mask: number;
  private readonly scratch: Float64Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  private readonly cache = new Map<string, TokenPart>();
  /** Which tokens' parts may be kept from one message to the next (all, until `keepOnly`). */
  private keeps: (token: string) => boolean = () => true;

  constructor(readonly opts: FeatureOptions) {
    this.dim = 1 << opts.bits;
    this.mask = this.dim - 1;
    this.scratch = new Float64Array(this.dim);
    this.touched = new Int32Array(1 << 16);
  }

  /**
   * From now on, keep only the parts of these tokens (the words of the model's own material): a word a
   * citizen wrote that the material does not hold (a name, a number) is not kept past its message.
   */
  keepOnly(words: ReadonlySet<string>): void {
    this.keeps = (token) => words.has(token);
    this.cache.clear();
  }

  private add(h: number, w: number): void {
    const i = h & this.mask;
    if (this.scratch[i] === 0) {
      if (this.nTouched < this.touched.length) this.touched[this.nTouched++] = i;
      else return; // pathological message (tens of thousands of features): ignore the rest
    }
    this.scratch[i]! += w;
    if (this.scratch[i] === 0) this.scratch[i] = 1e-12; // keep it marked as touched
  }

  private take(): Sparse {
    const n = this.nTouched;
    let sq = 0;
    for (let j = 0; j < n; j++) {
      const v = this.scratch[this.touched[j]!]!;
      sq += v * v;
    }
    const scale = 1 / (Math.sqrt(sq) || 1);
    const idx = new Int32Array(n);
    const val = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      const i = this.touched[j]!;
      idx[j] = i;
      val[j] = this.scratch[i]! * scale;
      this.scratch[i] = 0;
    }
    this.nTouched = 0;
    return { idx, val };
  }

  private tokenPart(tok: string, locale: string): TokenPart {
    const key = this.opts.stem ? `${locale}\u0000${tok}` : tok;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const o = this.opts;
    const parts: number[] = [];
    const weights: number[] = [];
    const word = hashString(tok, SEED_WORD);
    if (o.words) {
      parts.push(word);
      weights.push(o.wWord);
    }
    if (o.stem && o.wStem > 0) {
      const s = o.stem(tok, locale);
      if (s && s !== tok) {
        parts.push(hashString(s, SEED_STEM));
        weights.push(o.wStem);
      }
    }
    if (o.charScope === 'word' && o.charMax > 0) {
      const padded = ` ${tok} `;
      for (let n = o.charMin; n <= o.charMax; n++) {
        if (n > padded.length) break;
        const seed = CHAR_SEEDS[n]!;
        for (let j = 0; j + n <= padded.length; j++) {
          // A lone space pair (" x" for n = 2 is fine) but never the whole padding alone.
          parts.push(hashRange(padded, j, j + n, seed));
          weights.push(o.wChar);
        }
      }
    }
    const concepts = o.concepts ? o.concepts(tok) : [];
    for (const c of concepts) {
      parts.push(hashString(c, SEED_CONCEPT));
      weights.push(o.wConcept);
    }
    const part: TokenPart = { word, idx: Int32Array.from(parts), val: Float32Array.from(weights), concepts };
    if (!this.keeps(tok)) return part;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, part);
    return part;
  }

  /** Features of a message given as normalised tokens, in `locale` (used only by stems). */
  extract(tokens: readonly string[], locale = ''): Sparse {
    this.build(tokens, locale);
    return this.take();
  }

  /** The same features as `extract`, as parts (see MessageParts). */
  extractParts(tokens: readonly string[], locale = ''): MessageParts {
    const parts: MessageParts = { tokens: [], restIdx: [], restVal: [], scale: 1 };
    this.build(tokens, locale, parts);
    parts.scale = this.takeScale();
    return parts;
  }

  /** A feature that is not a token's own, kept in `parts.rest*` too when asked for. */
  private addRest(h: number, w: number, parts: MessageParts | undefined): void {
    this.add(h, w);
    if (parts) {
      parts.restIdx.push(h & this.mask);
      parts.restVal.push(w);
    }
  }

  /** The unit-length scale of the accumulated vector; clears it (take() without the copy). */
  private takeScale(): number {
    let sq = 0;
    for (let j = 0; j < this.nTouched; j++) {
      const i = this.touched[j]!;
      sq += this.scratch[i]! * this.scratch[i]!;
      this.scratch[i] = 0;
    }
    this.nTouched = 0;
    return 1 / (Math.sqrt(sq) || 1);
  }

  /** Accumulates a message's features in the scratch vector; `parts`: also keep them split. */
  private build(tokens: readonly string[], locale: string, parts?: MessageParts): void {
    const o = this.opts;
    let prev = 0;
    let prevConcepts: readonly string[] = [];
    const seen = o.conceptPairs ? new Set<string>() : undefined;
    for (let i = 0; i < tokens.length; i++) {
      const p = this.tokenPart(tokens[i]!, locale);
      for (let j = 0; j < p.idx.length; j++) this.add(p.idx[j]!, p.val[j]!);
      parts?.tokens.push(p);
      if (o.bigrams && i > 0) this.addRest(hashPair(prev, p.word, SEED_BIGRAM), o.wBigram, parts);
      if (seen) {
        for (const c of p.concepts) {
          seen.add(c);
          for (const d of prevConcepts) this.addRest(hashString(`${d}>${c}`, SEED_CPAIR), o.wConcept * 0.5, parts);
        }
        if (p.concepts.length) prevConcepts = p.concepts;
      }
      prev = p.word;
    }
    if (seen && seen.size > 1) {
      const list = [...seen].sort();
      for (let a = 0; a < list.length; a++)
        for (let b = a + 1; b < list.length; b++) this.addRest(hashString(`${list[a]}&${list[b]}`, SEED_CPAIR), o.wConcept * 0.3, parts);
    }
    if (o.charScope === 'text' && o.charMax > 0) {
      const text = ` ${tokens.join(' ')} `;
      for (let n = o.charMin; n <= o.charMax; n++) {
        const seed = CHAR_SEEDS[n]!;
        for (let j = 0; j + n <= text.length; j++) this.addRest(hashRange(text, j, j + n, seed), o.wChar, parts);
      }
    }
    if (o.extra) for (const name of o.extra(tokens)) this.addRest(hashString(name, SEED_EXTRA), o.wExtra ?? 1, parts);
    if (tokens.length <= 3) this.addRest(SEED_SHORT, 1, parts);
  }
}
