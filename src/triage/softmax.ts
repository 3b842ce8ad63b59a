/** A small multinomial logistic regression over sparse features, trained by SGD in milliseconds. */
import type { FeatureVec } from './locale-features.js';

/** One training example: hashed features, class index and an optional weight (for class balance). */
export interface Example {
  x: FeatureVec;
  label: number;
  weight?: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty, applied as weight decay once per epoch (cheap, keeps rare features small). */
  l2?: number;
  seed?: number;
}

/** Deterministic PRNG so that training twice on the same content gives the same model. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A message as vocabulary rows and values. */
export interface Sparse {
  idx: Int32Array;
  val: Float32Array;
}

/**
 * Feature hash → row of the weight matrix: an open-addressing table over typed arrays (integer
 * keys, no strings, nothing allocated per lookup). Shared by models trained on the same features.
 */
export class FeatureIndex {
  private keys = new Int32Array(1 << 14);
  /** Row + 1; 0 marks an empty slot. */
  private rows = new Int32Array(1 << 14);
  private count = 0;

  /** Number of features indexed. */
  get size(): number {
    return this.count;
  }

  /** The row of `h`, or -1. */
  get(h: number): number {
    const mask = this.keys.length - 1;
    let i = h & mask;
    for (;;) {
      const r = this.rows[i]!;
      if (r === 0) return -1;
      if (this.keys[i] === h) return r - 1;
      i = (i + 1) & mask;
    }
  }

  /** The row of `h`, adding it when new. */
  getOrAdd(h: number): number {
    const found = this.get(h);
    if (found >= 0) return found;
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.put(h, this.count);
    return this.count++;
  }

  private put(h: number, row: number): void {
    const mask = this.keys.length - 1;
    let i = h & mask;
    while (this.rows[i] !== 0) i = (i + 1) & mask;
    this.keys[i] = h;
    this.rows[i] = row + 1;
  }

  private grow(): void {
    const oldKeys = this.keys,
      oldRows = this.rows;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) if (oldRows[i] !== 0) this.put(oldKeys[i]!, oldRows[i]! - 1);
  }
}

/** Index a vector with a vocabulary, skipping features it does not know (nothing is added). */
export function encodeVec(vocab: FeatureIndex, x: FeatureVec): Sparse {
  const n = x.keys.length;
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const i = vocab.get(x.keys[j]!);
    if (i < 0) continue;
    idx[m] = i;
    val[m] = x.val[j]!;
    m++;
  }
  return { idx: idx.subarray(0, m), val: val.subarray(0, m) };
}

const SKIP = 0.004;

/** Softmax classifier: a feature vocabulary, a weight matrix and biases. */
export class SoftmaxModel {
  private weights = new Float32Array(0);
  private rows = 0;
  private readonly bias: Float32Array;

  /**
   * `vocab` may be shared by several models trained on the same features: a message is then
   * indexed once (`encodeBag`) and scored by each model with `predictSparse`.
   */
  constructor(
    readonly classes: number,
    readonly vocab: FeatureIndex = new FeatureIndex(),
  ) {
    this.bias = new Float32Array(classes);
  }

  /** Fit on examples (the vocabulary is every feature seen in them). */
  train(examples: readonly Example[], opts: TrainOptions = {}): void {
    const epochs = opts.epochs ?? 12;
    const lr0 = opts.learningRate ?? 0.5;
    const l2 = opts.l2 ?? 1e-4;
    const K = this.classes;
    const data: { x: Sparse; y: number; w: number }[] = examples.map((e) => ({
      x: this.index(e.x),
      y: e.label,
      w: e.weight ?? 1,
    }));
    this.rows = this.vocab.size;
    this.weights = new Float32Array(this.rows * K);
    const W = this.weights;
    const rand = mulberry32(opts.seed ?? 7);
    const order = data.map((_, i) => i);
    const scores = new Float64Array(K);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = lr0 / (1 + epoch * 0.5);
      for (const n of order) {
        const { x, y, w } = data[n]!;
        this.scoresOf(x, scores);
        softmaxInPlace(scores);
        for (let k = 0; k < K; k++) {
          const err = scores[k]! - (k === y ? 1 : 0);
          // Classes the model already rules out barely move: skipping them makes training ~4x faster.
          if (err > -SKIP && err < SKIP) continue;
          const g = err * lr * w;
          this.bias[k]! -= g * 0.1;
          for (let f = 0; f < x.idx.length; f++) W[x.idx[f]! * K + k]! -= g * x.val[f]!;
        }
      }
      const decay = 1 - l2 * lr * data.length;
      if (decay < 1) for (let i = 0; i < W.length; i++) W[i]! *= Math.max(decay, 0.5);
    }
  }

  /**
   * Class probabilities for a feature vector (unknown features are ignored). `extra` feature
   * hashes, all of weight `extraValue`, are scored as if they were in the vector.
   */
  predict(x: FeatureVec, extra: readonly number[] = [], extraValue = 0): Float64Array {
    const scores = new Float64Array(this.classes);
    this.addScores(x, scores);
    this.addExtra(scores, extra, extraValue);
    return this.probabilitiesOf(scores);
  }

  /**
   * Adds the class scores of `x`'s features (bias excluded) to `into`: a linear model's scores are
   * sums, so a caller may keep the part of each piece of a message (a word's) and add them up.
   */
  addScores(x: FeatureVec, into: Float64Array): void {
    const K = this.classes;
    const W = this.weights;
    const { keys, val } = x;
    for (let f = 0; f < keys.length; f++) {
      const i = this.vocab.get(keys[f]!);
      if (i < 0 || i >= this.rows) continue;
      const base = i * K;
      const v = val[f]!;
      for (let k = 0; k < K; k++) into[k]! += W[base + k]! * v;
    }
  }

  /** Class probabilities from scores summed by `addScores`: the bias added, softmax in place. */
  probabilitiesOf(scores: Float64Array): Float64Array {
    for (let k = 0; k < this.classes; k++) scores[k]! += this.bias[k]!;
    return softmaxInPlace(scores);
  }

  /** Class probabilities for a message already indexed with this model's (shared) vocabulary. */
  predictSparse(x: Sparse, extra: readonly number[] = [], extraValue = 0): Float64Array {
    const K = this.classes;
    const W = this.weights;
    const rows = this.rows;
    const scores = new Float64Array(K);
    for (let k = 0; k < K; k++) scores[k] = this.bias[k]!;
    const { idx, val } = x;
    for (let f = 0; f < idx.length; f++) {
      const i = idx[f]!;
      if (i >= rows) continue;
      const base = i * K;
      const v = val[f]!;
      for (let k = 0; k < K; k++) scores[k]! += W[base + k]! * v;
    }
    this.addExtra(scores, extra, extraValue);
    return softmaxInPlace(scores);
  }

  private addExtra(scores: Float64Array, extra: readonly number[], extraValue: number): void {
    const K = this.classes;
    const W = this.weights;
    for (let e = 0; e < extra.length; e++) {
      const i = this.vocab.get(extra[e]!);
      if (i < 0 || i >= this.rows) continue;
      const base = i * K;
      for (let k = 0; k < K; k++) scores[k]! += W[base + k]! * extraValue;
    }
  }

  private index(x: FeatureVec): Sparse {
    const idx = new Int32Array(x.keys.length);
    for (let j = 0; j < idx.length; j++) idx[j] = this.vocab.getOrAdd(x.keys[j]!);
    return { idx, val: x.val };
  }

  private scoresOf(x: Sparse, out: Float64Array): void {
    const K = this.classes;
    const W = this.weights;
    for (let k = 0; k < K; k++) out[k] = this.bias[k]!;
    for (let f = 0; f < x.idx.length; f++) {
      const base = x.idx[f]! * K;
      const v = x.val[f]!;
      for (let k = 0; k < K; k++) out[k]! += W[base + k]! * v;
    }
  }
}

function softmaxInPlace(s: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of s) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < s.length; k++) {
    s[k] = Math.exp(s[k]! - max);
    sum += s[k]!;
  }
  for (let k = 0; k < s.length; k++) s[k]! /= sum;
  return s;
}
