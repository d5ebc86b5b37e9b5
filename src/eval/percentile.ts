/**
 * Percentile of each value among reference values, 0–100: the share of the reference strictly
 * below it plus half the share equal to it (mid-rank, so a value equal to every reference value
 * sits at 50).
 */
export function percentileRanks(reference: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(reference).sort();
  if (sorted.length === 0) throw new Error('Percentiles need at least one reference value.');
  const firstAtLeast = (v: number, strict: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sorted[mid] <= v : sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return Float64Array.from(values, (v) => {
    const below = firstAtLeast(v, false);
    const equal = firstAtLeast(v, true) - below;
    return (100 * (below + equal / 2)) / sorted.length;
  });
}
