/**
 * Multinomial logistic regression over hashed sparse features, trained by SGD with a decaying
 * step and L2 decay on the weights an example touches. Weights are stored feature-major
 * (`w[slot * K + k]`), so one feature's K class weights sit together in memory.
 */
import type { Sparse } from './features.js';

export interface TrainOptions {
  epochs: number;
  /** Initial step; step at epoch e is lr / (1 + decay * e). */
  lr: number;
  decay: number;
  /** L2 strength (applied to touched weights only, scaled by the step). */
  l2: number;
  seed: number;
  /** A class whose gradient |p - y| is below this is not updated for that example. */
  skip: number;
  /** Average the weights over the ends of the last `average` epochs (0: keep the last weights). */
  average?: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 12, lr: 4, decay: 0.3, l2: 3e-4, seed: 7, skip: 1e-3 };

/** One training example: features, class index, weight. */
export interface Example {
  x: Sparse;
  y: number;
  w: number;
}

/** Deterministic PRNG (mulberry32) for the shuffles. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SoftmaxRegression {
  readonly w: Float32Array;
  readonly b: Float64Array;
  private readonly scores: Float64Array;

  constructor(
    readonly dim: number,
    readonly classes: number,
    weights?: Float32Array,
    bias?: Float64Array,
  ) {
    this.w = weights ?? new Float32Array(dim * classes);
    this.b = bias ?? new Float64Array(classes);
    this.scores = new Float64Array(classes);
  }

  /** Class probabilities of `x`, written into `out` (allocated when omitted). */
  predict(x: Sparse, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    const K = this.classes;
    for (let k = 0; k < K; k++) out[k] = 0;
    this.addScores(x.idx, x.val, out, 0);
    return this.probabilities(out, 1, out);
  }

  /** Adds the class scores of the features `idx` (weights `val`) to `into[offset..offset+K)`, bias excluded. */
  addScores(idx: ArrayLike<number>, val: ArrayLike<number>, into: Float64Array, offset: number): void {
    const K = this.classes;
    const w = this.w;
    for (let j = 0; j < idx.length; j++) {
      const base = idx[j]! * K;
      const v = val[j]!;
      for (let k = 0; k < K; k++) into[offset + k]! += w[base + k]! * v;
    }
  }

  /**
   * Class probabilities from summed scores: softmax(bias + scale × scores[0..K)), written into `out`
   * (which may be `scores` itself).
   */
  probabilities(scores: ArrayLike<number>, scale: number, out: Float64Array): Float64Array {
    const K = this.classes;
    for (let k = 0; k < K; k++) out[k] = this.b[k]! + scale * scores[k]!;
    let max = out[0]!;
    for (let k = 1; k < K; k++) if (out[k]! > max) max = out[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(out[k]! - max);
      out[k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[k]! /= sum;
    return out;
  }

  /** Train in place on `data` (several passes, shuffled each pass). */
  train(data: readonly Example[], opts: TrainOptions = DEFAULT_TRAIN): void {
    const K = this.classes;
    const w = this.w;
    const p = this.scores;
    const g = new Float64Array(K);
    const act = new Int32Array(K);
    const order = Int32Array.from(data.keys());
    const rand = rng(opts.seed);
    const avgFrom = opts.average ? opts.epochs - opts.average : opts.epochs;
    const sumW = opts.average ? new Float64Array(w.length) : undefined;
    const sumB = new Float64Array(K);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      const lr = opts.lr / (1 + opts.decay * epoch);
      const shrink = 1 - lr * opts.l2;
      for (let n = 0; n < order.length; n++) {
        const ex = data[order[n]!]!;
        this.predict(ex.x, p);
        // Only the classes the example still moves are updated: after a pass or two, most of the
        // 21 intents have p ≈ 0 on a given message, and a well-classified message updates nothing.
        let active = 0;
        for (let k = 0; k < K; k++) {
          const d = p[k]! - (k === ex.y ? 1 : 0);
          if (d > -opts.skip && d < opts.skip) continue;
          const gk = d * ex.w * lr;
          this.b[k]! -= gk;
          act[active] = k;
          g[active++] = gk;
        }
        if (active === 0) continue;
        const { idx, val } = ex.x;
        for (let j = 0; j < idx.length; j++) {
          const base = idx[j]! * K;
          const v = val[j]!;
          for (let a = 0; a < active; a++) {
            const at = base + act[a]!;
            w[at] = w[at]! * shrink - g[a]! * v;
          }
        }
      }
      if (sumW && epoch >= avgFrom) {
        for (let i = 0; i < w.length; i++) if (w[i] !== 0) sumW[i]! += w[i]!;
        for (let k = 0; k < K; k++) sumB[k]! += this.b[k]!;
      }
    }
    if (sumW && opts.average) {
      for (let i = 0; i < w.length; i++) w[i] = sumW[i]! / opts.average;
      for (let k = 0; k < K; k++) this.b[k] = sumB[k]! / opts.average;
    }
  }
}
