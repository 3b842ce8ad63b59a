/**
 * A reusable sum of hashed features (open addressing), for the locale detector: a message
 * allocates two small typed arrays and no feature strings.
 */

/** A message's features: hashed keys and their weights (each key once). */
export interface FeatureVec {
  keys: Int32Array;
  val: Float32Array;
}

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
