import { errorFunction } from 'simple-statistics';

export interface WilcoxonResult {
  /** Sum of the ranks of the positive differences. */
  wPlus: number;
  /** Sum of the ranks of the negative differences. */
  wMinus: number;
  /** Pairs left after dropping zero differences. */
  n: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal';
  /**
   * Effect size: the matched-pairs rank-biserial correlation (W+ − W−)/(W+ + W−) over the non-zero
   * differences, in [−1, 1]; +1 = every x above its y, 0 = no tendency (also when all differences are 0).
   */
  rankBiserial: number;
}

/** Average ranks (1-based) of |d|, ties sharing the mean of their positions. */
function absoluteRanks(d: number[]): number[] {
  const order = d.map((_, i) => i).sort((a, b) => Math.abs(d[a]) - Math.abs(d[b]));
  const ranks = new Array<number>(d.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && Math.abs(d[order[j + 1]]) === Math.abs(d[order[i]])) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/**
 * P(W+ <= w) under H0 (each sign + or - with probability 1/2, independently), given these ranks.
 * Ranks are doubled so tied (half-integer) ranks become integers; the count of sign patterns per
 * doubled sum is a subset-sum table. Exact, ties included, in O(n * sum of ranks).
 */
function exactLowerTail(ranks: number[], w: number): number {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const total = doubled.reduce((s, r) => s + r, 0);
  let ways = new Float64Array(total + 1);
  ways[0] = 1;
  for (const r of doubled) {
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= total; s++) next[s] = (ways[s] + (s >= r ? ways[s - r] : 0)) / 2;
    ways = next;
  }
  let p = 0;
  for (let s = 0; s <= Math.round(2 * w) && s <= total; s++) p += ways[s];
  return p;
}

const normalCdf = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));

/**
 * Wilcoxon signed-rank test of paired samples x and y (e.g. one metric over seeds, method vs SFT).
 * Zero differences are dropped (Wilcoxon's convention). 'auto' is exact for n <= 50 and the normal
 * approximation with continuity and tie corrections above. With 5 seeds the smallest two-sided p
 * is 2 / 2^5 = 0.0625, so 5 seeds can never reach p < 0.05.
 */
export function wilcoxonSignedRank(x: number[], y: number[], method: 'auto' | 'exact' | 'normal' = 'auto'): WilcoxonResult {
  if (x.length !== y.length) throw new Error(`wilcoxon: paired samples need equal lengths, got ${x.length} and ${y.length}`);
  const d = x.map((v, i) => v - y[i]).filter((v) => v !== 0);
  if (d.some((v) => !Number.isFinite(v))) throw new Error('wilcoxon: the samples hold a value that is not a finite number');
  const n = d.length;
  if (!n) return { wPlus: 0, wMinus: 0, n, p: 1, method: 'exact', rankBiserial: 0 };
  const ranks = absoluteRanks(d);
  const wPlus = ranks.reduce((s, r, i) => s + (d[i] > 0 ? r : 0), 0);
  const wMinus = (n * (n + 1)) / 2 - wPlus;
  const t = Math.min(wPlus, wMinus);
  const rankBiserial = (wPlus - wMinus) / (wPlus + wMinus);
  if (method === 'exact' || (method === 'auto' && n <= 50)) {
    // The null distribution is symmetric about n(n+1)/4, so two-sided = twice the lower tail of min(W+, W-).
    return { wPlus, wMinus, n, p: Math.min(1, 2 * exactLowerTail(ranks, t)), method: 'exact', rankBiserial };
  }
  const mean = (n * (n + 1)) / 4;
  const tieCounts = new Map<number, number>();
  for (const r of ranks) tieCounts.set(r, (tieCounts.get(r) ?? 0) + 1);
  let tieTerm = 0;
  for (const c of tieCounts.values()) tieTerm += c ** 3 - c;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const z = (t - mean - 0.5 * Math.sign(t - mean)) / sd;
  return { wPlus, wMinus, n, p: Math.min(1, 2 * normalCdf(-Math.abs(z))), method: 'normal', rankBiserial };
}
