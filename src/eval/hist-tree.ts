/**
 * The histogram decision tree that the gradient-boosted trees and the random forest share.
 * Features are binned once (bin 0 = missing); a node's split is found from per-bin sums of
 * gradient and hessian, and the larger child's histogram is the parent's minus the smaller's.
 * Numeric features split on a bin threshold; categorical ones on a set of categories, found
 * by ordering the categories by G/H (optimal for these losses, as in LightGBM).
 */
import type { FeatureMatrix } from './features';
import { partialShuffle, type Rng } from '../data/rng';

export interface Binned {
  bins: Uint8Array;
  rows: number;
  cols: number;
}

export interface BinLayout {
  /** Bins per feature, including bin 0 for missing. */
  binCounts: number[];
  /** Per feature: split on category sets rather than thresholds. */
  categorical: boolean[];
}

export interface Binner extends BinLayout {
  transform(matrix: FeatureMatrix): Binned;
}

/** Quantile bins for numerics (at most maxBins - 1 plus missing), code bins for categoricals. */
export function fitBinner(matrix: FeatureMatrix, maxBins: number): Binner {
  if (maxBins < 3 || maxBins > 256) throw new Error(`maxBins must be in 3..256, got ${maxBins}`);
  const { rows, cols, data } = matrix;
  const categories = matrix.categories ?? new Array<number>(cols).fill(0);
  const edges: Float64Array[] = [];
  const binCounts: number[] = [];
  for (let f = 0; f < cols; f++) {
    if (categories[f] > 0) {
      // Codes 0..k-1 -> bins 1..k; codes past maxBins - 2 (and unseen ones) share the last bin.
      edges.push(new Float64Array(0));
      binCounts.push(Math.min(categories[f], maxBins - 2) + 2);
      continue;
    }
    const values: number[] = [];
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + f];
      if (!Number.isNaN(v)) values.push(v);
    }
    const sorted = Float64Array.from(values).sort();
    const unique: number[] = [];
    for (const v of sorted) if (!unique.length || unique[unique.length - 1] !== v) unique.push(v);
    const cuts: number[] = [];
    if (unique.length <= maxBins - 1) {
      for (let i = 1; i < unique.length; i++) cuts.push((unique[i - 1] + unique[i]) / 2);
    } else {
      for (let i = 1; i < maxBins - 1; i++) {
        const cut = sorted[Math.floor((i * sorted.length) / (maxBins - 1))];
        if (!cuts.length || cut > cuts[cuts.length - 1]) cuts.push(cut);
      }
    }
    edges.push(Float64Array.from(cuts));
    binCounts.push(cuts.length + 2);
  }
  return {
    binCounts,
    categorical: categories.map((k) => k > 0),
    transform(m) {
      if (m.cols !== cols) throw new Error(`expected ${cols} features, got ${m.cols}`);
      const bins = new Uint8Array(m.rows * cols);
      for (let f = 0; f < cols; f++) {
        const cut = edges[f];
        const last = binCounts[f] - 1;
        for (let r = 0; r < m.rows; r++) {
          const v = m.data[r * cols + f];
          let bin: number;
          if (Number.isNaN(v)) bin = 0;
          else if (categories[f] > 0) bin = Math.min(v + 1, last);
          else {
            // bin = 1 + number of cuts strictly below v (values equal to a cut go left).
            let lo = 0;
            let hi = cut.length;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (cut[mid] < v) lo = mid + 1;
              else hi = mid;
            }
            bin = 1 + lo;
          }
          bins[r * cols + f] = bin;
        }
      }
      return { bins, rows: m.rows, cols };
    },
  };
}

export interface TreeParams {
  maxDepth: number;
  /** Minimum (weighted) rows in a child. */
  minSamplesLeaf: number;
  /** Minimum hessian sum in a child. */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Features tried per split (all when >= cols); the random forest's per-split subsampling. */
  featuresPerSplit: number;
}

/** Flat tree: node i is a leaf when feature[i] < 0. */
export interface Tree {
  feature: Int32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** goesLeft[i][bin] for split nodes. */
  goesLeft: Array<Uint8Array | null>;
}

export function predictTree(tree: Tree, binned: Binned, row: number): number {
  let node = 0;
  const base = row * binned.cols;
  while (tree.feature[node] >= 0) {
    node = tree.goesLeft[node]![binned.bins[base + tree.feature[node]]] ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

interface Split {
  gain: number;
  feature: number;
  goesLeft: Uint8Array;
}

/**
 * Grows one tree on the rows listed in `rows` (repeats allowed: a bootstrap sample). Leaf value
 * = -G / (H + lambda), i.e. a Newton step; with grad = -y and hess = 1 it is the leaf's mean of y.
 */
export function growTree(binned: Binned, layout: BinLayout, grad: Float64Array, hess: Float64Array, rows: Int32Array, params: TreeParams, rng: Rng): Tree {
  const { cols, bins } = binned;
  const { binCounts, categorical } = layout;
  const offsets = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) offsets[f + 1] = offsets[f] + binCounts[f];
  const histLength = 3 * offsets[cols];
  const pool: Float64Array[] = [];
  const acquire = () => pool.pop()?.fill(0) ?? new Float64Array(histLength);
  const order = Int32Array.from(rows);
  const scratch = new Int32Array(order.length);
  const featureIds = Int32Array.from({ length: cols }, (_, f) => f);
  const nodes = { feature: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[], goesLeft: [] as Array<Uint8Array | null> };

  const fillHistogram = (hist: Float64Array, start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const r = order[i];
      const g = grad[r];
      const h = hess[r];
      const base = r * cols;
      for (let f = 0; f < cols; f++) {
        const at = 3 * (offsets[f] + bins[base + f]);
        hist[at] += g;
        hist[at + 1] += h;
        hist[at + 2] += 1;
      }
    }
  };

  const score = (g: number, h: number) => (g * g) / (h + params.lambda);

  const bestSplit = (hist: Float64Array, G: number, H: number, N: number): Split | null => {
    let best: Split | null = null;
    const parentScore = score(G, H);
    const tried = Math.min(params.featuresPerSplit, cols);
    if (tried < cols) {
      partialShuffle(featureIds, tried, rng.int);
    }
    for (let k = 0; k < tried; k++) {
      const f = tried < cols ? featureIds[k] : k;
      const nb = binCounts[f];
      const base = 3 * offsets[f];
      // Numeric: bins in their natural order; categorical (no order): sorted by G/H, empty bins left out.
      let binOrder: number[];
      if (categorical[f]) {
        binOrder = [];
        for (let b = 0; b < nb; b++) if (hist[base + 3 * b + 2] > 0) binOrder.push(b);
        binOrder.sort((a, b) => hist[base + 3 * a] / (hist[base + 3 * a + 1] + params.lambda) - hist[base + 3 * b] / (hist[base + 3 * b + 1] + params.lambda));
      } else binOrder = Array.from({ length: nb }, (_, b) => b);
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let i = 0; i < binOrder.length - 1; i++) {
        const at = base + 3 * binOrder[i];
        gl += hist[at];
        hl += hist[at + 1];
        nl += hist[at + 2];
        const nr = N - nl;
        const hr = H - hl;
        if (nl < params.minSamplesLeaf || hl < params.minChildWeight) continue;
        if (nr < params.minSamplesLeaf || hr < params.minChildWeight) break;
        const gain = score(gl, hl) + score(G - gl, hr) - parentScore;
        if (gain > 1e-12 && (!best || gain > best.gain)) {
          const goesLeft = new Uint8Array(nb);
          for (let j = 0; j <= i; j++) goesLeft[binOrder[j]] = 1;
          best = { gain, feature: f, goesLeft };
        }
      }
    }
    return best;
  };

  const leaf = (G: number, H: number) => {
    nodes.feature.push(-1);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(-G / (H + params.lambda));
    nodes.goesLeft.push(null);
    return nodes.feature.length - 1;
  };

  const grow = (start: number, end: number, hist: Float64Array, depth: number): number => {
    let G = 0;
    let H = 0;
    for (let b = 0; b < binCounts[0]; b++) {
      G += hist[3 * b];
      H += hist[3 * b + 1];
    }
    const N = end - start;
    const split = depth < params.maxDepth && N >= 2 * params.minSamplesLeaf ? bestSplit(hist, G, H, N) : null;
    if (!split) {
      pool.push(hist);
      return leaf(G, H);
    }
    let nLeft = 0;
    let nRight = 0;
    for (let i = start; i < end; i++) {
      const r = order[i];
      if (split.goesLeft[bins[r * cols + split.feature]]) order[start + nLeft++] = r;
      else scratch[nRight++] = r;
    }
    order.set(scratch.subarray(0, nRight), start + nLeft);
    const mid = start + nLeft;
    const leftSmaller = nLeft <= nRight;
    const small = acquire();
    if (leftSmaller) fillHistogram(small, start, mid);
    else fillHistogram(small, mid, end);
    for (let i = 0; i < histLength; i++) hist[i] -= small[i];
    const node = nodes.feature.length;
    nodes.feature.push(split.feature);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(0);
    nodes.goesLeft.push(split.goesLeft);
    nodes.left[node] = grow(start, mid, leftSmaller ? small : hist, depth + 1);
    nodes.right[node] = grow(mid, end, leftSmaller ? hist : small, depth + 1);
    return node;
  };

  const root = acquire();
  fillHistogram(root, 0, order.length);
  grow(0, order.length, root, 0);
  return {
    feature: Int32Array.from(nodes.feature),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    value: Float64Array.from(nodes.value),
    goesLeft: nodes.goesLeft,
  };
}
