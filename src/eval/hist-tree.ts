/**
 * The histogram decision tree that the gradient-boosted trees and the random forest share.
 * Features are binned once (bin 0 = missing); a node's split is found from per-bin sums of
 * gradient and hessian, and the larger child's histogram is the parent's minus the smaller's.
 * Numeric features split on a bin threshold; categorical ones on a set of categories, found
 * by ordering the categories by G/H (optimal for these losses, as in LightGBM).
 */

import { partialShuffle, type Rng } from '../data/rng';
import type { FeatureMatrix } from './features';

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
  return new TreeGrower(binned, layout, grad, hess, rows, params, rng).grow();
}

/** Sums of gradient, hessian and row count over a node's rows. */
interface NodeTotals {
  G: number;
  H: number;
  N: number;
}

/**
 * One tree's growth, depth first. A node's histogram holds (Σgrad, Σhess, count) per bin of every
 * feature; `order` holds the row ids, partitioned in place so that each node owns a contiguous range.
 */
class TreeGrower {
  /** Where each feature's bins start in a histogram (in bins; 3 floats per bin). */
  private readonly offsets: Int32Array;
  private readonly histLength: number;
  /** Histograms of finished nodes, reused. */
  private readonly pool: Float64Array[] = [];
  private readonly order: Int32Array;
  private readonly scratch: Int32Array;
  private readonly allFeatures: Int32Array;
  /** Feature ids, partially shuffled when a split tries only some of them. */
  private readonly featureIds: Int32Array;
  private readonly nodes = {
    feature: [] as number[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
    goesLeft: [] as Array<Uint8Array | null>,
  };

  constructor(
    private readonly binned: Binned,
    private readonly layout: BinLayout,
    private readonly grad: Float64Array,
    private readonly hess: Float64Array,
    rows: Int32Array,
    private readonly params: TreeParams,
    private readonly rng: Rng,
  ) {
    const { cols } = binned;
    this.offsets = new Int32Array(cols + 1);
    for (let f = 0; f < cols; f++) this.offsets[f + 1] = this.offsets[f] + layout.binCounts[f];
    this.histLength = 3 * this.offsets[cols];
    this.order = Int32Array.from(rows);
    this.scratch = new Int32Array(this.order.length);
    this.allFeatures = Int32Array.from({ length: cols }, (_, f) => f);
    this.featureIds = this.allFeatures.slice();
  }

  grow(): Tree {
    const root = this.acquire();
    this.fillHistogram(root, 0, this.order.length);
    this.growNode(0, this.order.length, root, 0);
    const { nodes } = this;
    return {
      feature: Int32Array.from(nodes.feature),
      left: Int32Array.from(nodes.left),
      right: Int32Array.from(nodes.right),
      value: Float64Array.from(nodes.value),
      goesLeft: nodes.goesLeft,
    };
  }

  /** Grows the node over order[start, end) from its histogram; returns its index. */
  private growNode(start: number, end: number, hist: Float64Array, depth: number): number {
    const totals = { ...this.totalsOf(hist), N: end - start };
    const split = depth < this.params.maxDepth && totals.N >= 2 * this.params.minSamplesLeaf ? this.bestSplit(hist, totals) : null;
    if (!split) {
      this.pool.push(hist);
      return this.addLeaf(totals);
    }
    const mid = this.partition(start, end, split);
    const [leftHist, rightHist] = this.childHistograms(hist, start, mid, end);
    const node = this.addSplit(split);
    this.nodes.left[node] = this.growNode(start, mid, leftHist, depth + 1);
    this.nodes.right[node] = this.growNode(mid, end, rightHist, depth + 1);
    return node;
  }

  /** G and H from feature 0's bins (every row falls in exactly one bin of each feature). */
  private totalsOf(hist: Float64Array): { G: number; H: number } {
    let G = 0;
    let H = 0;
    for (let b = 0; b < this.layout.binCounts[0]; b++) {
      G += hist[3 * b];
      H += hist[3 * b + 1];
    }
    return { G, H };
  }

  private score(g: number, h: number): number {
    return (g * g) / (h + this.params.lambda);
  }

  /** The best split over the features tried (the first of equal gains), or null when none gains. */
  private bestSplit(hist: Float64Array, totals: NodeTotals): Split | null {
    const parentScore = this.score(totals.G, totals.H);
    let best: Split | null = null;
    for (const f of this.featuresToTry()) {
      const split = this.bestSplitOn(f, hist, totals, parentScore);
      if (split && (!best || split.gain > best.gain)) best = split;
    }
    return best;
  }

  /** All features, or a random featuresPerSplit of them (the random forest's subsampling). */
  private featuresToTry(): Int32Array {
    const cols = this.binned.cols;
    const tried = Math.min(this.params.featuresPerSplit, cols);
    if (tried === cols) return this.allFeatures;
    partialShuffle(this.featureIds, tried, this.rng.int);
    return this.featureIds.subarray(0, tried);
  }

  /** The best threshold (numeric) or category set (categorical) of feature f, scanning its bins left to right. */
  private bestSplitOn(f: number, hist: Float64Array, { G, H, N }: NodeTotals, parentScore: number): Split | null {
    const { params } = this;
    const nb = this.layout.binCounts[f];
    const base = 3 * this.offsets[f];
    const binOrder = this.binOrder(f, hist);
    let best: Split | null = null;
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
      const gain = this.score(gl, hl) + this.score(G - gl, hr) - parentScore;
      if (gain > 1e-12 && (!best || gain > best.gain)) {
        const goesLeft = new Uint8Array(nb);
        for (let j = 0; j <= i; j++) goesLeft[binOrder[j]] = 1;
        best = { gain, feature: f, goesLeft };
      }
    }
    return best;
  }

  /** Numeric: bins in their natural order; categorical (no order): sorted by G/H, empty bins left out. */
  private binOrder(f: number, hist: Float64Array): number[] {
    const nb = this.layout.binCounts[f];
    if (!this.layout.categorical[f]) return Array.from({ length: nb }, (_, b) => b);
    const base = 3 * this.offsets[f];
    const lambda = this.params.lambda;
    const order: number[] = [];
    for (let b = 0; b < nb; b++) if (hist[base + 3 * b + 2] > 0) order.push(b);
    return order.sort((a, b) => hist[base + 3 * a] / (hist[base + 3 * a + 1] + lambda) - hist[base + 3 * b] / (hist[base + 3 * b + 1] + lambda));
  }

  /** Moves the node's left rows to the front of its range, keeping order on both sides; returns where the right rows start. */
  private partition(start: number, end: number, split: Split): number {
    const { order, scratch } = this;
    const { bins, cols } = this.binned;
    let nLeft = 0;
    let nRight = 0;
    for (let i = start; i < end; i++) {
      const r = order[i];
      if (split.goesLeft[bins[r * cols + split.feature]]) order[start + nLeft++] = r;
      else scratch[nRight++] = r;
    }
    order.set(scratch.subarray(0, nRight), start + nLeft);
    return start + nLeft;
  }

  /** The smaller child's histogram is summed from its rows, the larger's is the parent's minus it (in place). */
  private childHistograms(hist: Float64Array, start: number, mid: number, end: number): [Float64Array, Float64Array] {
    const leftSmaller = mid - start <= end - mid;
    const small = this.acquire();
    if (leftSmaller) this.fillHistogram(small, start, mid);
    else this.fillHistogram(small, mid, end);
    for (let i = 0; i < this.histLength; i++) hist[i] -= small[i];
    return leftSmaller ? [small, hist] : [hist, small];
  }

  private fillHistogram(hist: Float64Array, start: number, end: number): void {
    const { cols, bins } = this.binned;
    const { offsets, order, grad, hess } = this;
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
  }

  private acquire(): Float64Array {
    return this.pool.pop()?.fill(0) ?? new Float64Array(this.histLength);
  }

  private addLeaf({ G, H }: NodeTotals): number {
    return this.addNode(-1, -G / (H + this.params.lambda), null);
  }

  /** A split node; its children are set once grown. */
  private addSplit(split: Split): number {
    return this.addNode(split.feature, 0, split.goesLeft);
  }

  private addNode(feature: number, value: number, goesLeft: Uint8Array | null): number {
    const { nodes } = this;
    nodes.feature.push(feature);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(value);
    nodes.goesLeft.push(goesLeft);
    return nodes.feature.length - 1;
  }
}
