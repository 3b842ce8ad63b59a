/** A small multinomial logistic regression over sparse features, trained by SGD in milliseconds. */
import type { FeatureBag } from './features.js';

/** One training example: features, class index and an optional weight (for class balance). */
export interface Example {
  bag: FeatureBag;
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

/** A feature bag as vocabulary indices and values. */
export interface Sparse { idx: Int32Array; val: Float32Array }

/** Index a bag with a vocabulary, skipping features it does not know (nothing is added). */
export function encodeBag(vocab: ReadonlyMap<string, number>, bag: FeatureBag): Sparse {
  const idx = new Int32Array(bag.size);
  const val = new Float32Array(bag.size);
  let n = 0;
  for (const [key, v] of bag) {
    const i = vocab.get(key);
    if (i === undefined) continue;
    idx[n] = i; val[n] = v; n++;
  }
  return { idx: idx.subarray(0, n), val: val.subarray(0, n) };
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
  constructor(readonly classes: number, readonly vocab: Map<string, number> = new Map()) {
    this.bias = new Float32Array(classes);
  }

  /** Fit on examples (the vocabulary is every feature seen in them). */
  train(examples: readonly Example[], opts: TrainOptions = {}): void {
    const epochs = opts.epochs ?? 12;
    const lr0 = opts.learningRate ?? 0.5;
    const l2 = opts.l2 ?? 1e-4;
    const K = this.classes;
    const data: { x: Sparse; y: number; w: number }[] = examples.map((e) => ({
      x: this.index(e.bag, true), y: e.label, w: e.weight ?? 1,
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
   * Class probabilities for a feature bag (unknown features are ignored). `extra` features, all of
   * weight `extraValue`, are scored as if they were in the bag (saves copying the bag per call).
   */
  predict(bag: FeatureBag, extra: readonly string[] = [], extraValue = 0): Float64Array {
    const K = this.classes;
    const W = this.weights;
    const scores = new Float64Array(K);
    for (let k = 0; k < K; k++) scores[k] = this.bias[k]!;
    // Straight over the bag: no index arrays are built, so nothing is allocated per feature.
    for (const [key, v] of bag) {
      const i = this.vocab.get(key);
      if (i === undefined || i >= this.rows) continue;
      const base = i * K;
      for (let k = 0; k < K; k++) scores[k]! += W[base + k]! * v;
    }
    for (const key of extra) {
      const i = this.vocab.get(key);
      if (i === undefined || i >= this.rows) continue;
      const base = i * K;
      for (let k = 0; k < K; k++) scores[k]! += W[base + k]! * extraValue;
    }
    return softmaxInPlace(scores);
  }

  /** Class probabilities for a message already indexed with this model's (shared) vocabulary. */
  predictSparse(x: Sparse, extra: readonly string[] = [], extraValue = 0): Float64Array {
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
    for (const key of extra) {
      const i = this.vocab.get(key);
      if (i === undefined || i >= rows) continue;
      const base = i * K;
      for (let k = 0; k < K; k++) scores[k]! += W[base + k]! * extraValue;
    }
    return softmaxInPlace(scores);
  }

  private index(bag: FeatureBag, grow: boolean): Sparse {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [key, v] of bag) {
      let i = this.vocab.get(key);
      if (i === undefined) {
        if (!grow) continue;
        i = this.vocab.size;
        this.vocab.set(key, i);
      }
      idx.push(i);
      val.push(v);
    }
    return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
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
  for (let k = 0; k < s.length; k++) { s[k] = Math.exp(s[k]! - max); sum += s[k]!; }
  for (let k = 0; k < s.length; k++) s[k]! /= sum;
  return s;
}
