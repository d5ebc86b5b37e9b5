import type { MixedPoints } from './features';

/**
 * Exact nearest-neighbour distances: for each query point, the smallest L1 distance to any
 * reference point (numeric block: sum |q - r|; code block: 2 per differing code, which is the L1
 * distance between one-hot vectors). Exact, not approximate: an approximate search overestimates
 * distances and so flatters privacy (ecosystem.md §3). A GPU implementation can be passed in
 * wherever the CPU one is used.
 */
export interface NearestKernel {
  minDistances(queries: MixedPoints, reference: MixedPoints): Promise<Float64Array>;
}

function checkCompatible(queries: MixedPoints, reference: MixedPoints): void {
  if (queries.numericDims !== reference.numericDims || queries.codeDims !== reference.codeDims) {
    throw new Error('nearest: queries and reference were encoded differently; encode both with the same distance encoder');
  }
  if (!reference.rows) throw new Error('nearest: the reference set is empty');
}

interface CodeGroups {
  /** Group index by code tuple. */
  index: Map<string, number>;
  /** Code tuple of each group, groups x codeDims. */
  tuples: Int32Array;
  /** Rows of group g: rows[starts[g] .. starts[g + 1]). */
  starts: Int32Array;
  rows: Int32Array;
}

const tupleKey = (codes: Int32Array, base: number, dims: number) => codes.subarray(base, base + dims).join(',');

function groupByCodes(points: MixedPoints): CodeGroups {
  const { codes, codeDims: cd } = points;
  const index = new Map<string, number>();
  const groupOf = new Int32Array(points.rows);
  const sizes: number[] = [];
  for (let r = 0; r < points.rows; r++) {
    const key = tupleKey(codes, r * cd, cd);
    let g = index.get(key);
    if (g === undefined) {
      g = sizes.length;
      index.set(key, g);
      sizes.push(0);
    }
    groupOf[r] = g;
    sizes[g]++;
  }
  const starts = new Int32Array(sizes.length + 1);
  for (let g = 0; g < sizes.length; g++) starts[g + 1] = starts[g] + sizes[g];
  const fill = starts.slice(0, sizes.length);
  const rows = new Int32Array(points.rows);
  const tuples = new Int32Array(sizes.length * cd);
  for (let r = 0; r < points.rows; r++) {
    const g = groupOf[r];
    if (fill[g] === starts[g]) tuples.set(codes.subarray(r * cd, r * cd + cd), g * cd);
    rows[fill[g]++] = r;
  }
  return { index, tuples, starts, rows };
}

/**
 * Exact search that uses the code block as a bound: reference rows are grouped by their tuple of
 * category codes, and a group whose tuple differs from the query's in m codes is at distance
 * >= 2m, so it is skipped once the best distance so far is no larger. The query's own group is
 * scanned first; it usually leaves a best below 2, which rules out every other group. Numeric
 * sums also stop as soon as they reach the best. Skipping only what cannot win keeps it exact.
 */
export function minDistancesCpu(queries: MixedPoints, reference: MixedPoints): Float64Array {
  checkCompatible(queries, reference);
  const { numericDims: nd, codeDims: cd } = queries;
  const qn = queries.numeric;
  const rn = reference.numeric;
  const groups = groupByCodes(reference);
  const { tuples, starts, rows } = groups;
  const groupCount = starts.length - 1;
  const out = new Float64Array(queries.rows);

  const scanGroup = (g: number, bound: number, qnBase: number, best: number): number => {
    for (let i = starts[g]; i < starts[g + 1]; i++) {
      const rnBase = rows[i] * nd;
      let d = bound;
      for (let k = 0; k < nd && d < best; k++) d += Math.abs(qn[qnBase + k] - rn[rnBase + k]);
      if (d < best) best = d;
    }
    return best;
  };

  for (let q = 0; q < queries.rows; q++) {
    const qnBase = q * nd;
    const qcBase = q * cd;
    const own = groups.index.get(tupleKey(queries.codes, qcBase, cd)) ?? -1;
    let best = own >= 0 ? scanGroup(own, 0, qnBase, Infinity) : Infinity;
    if (best > 2) {
      for (let g = 0; g < groupCount; g++) {
        if (g === own) continue;
        let bound = 0;
        const tBase = g * cd;
        for (let c = 0; c < cd && bound < best; c++) if (queries.codes[qcBase + c] !== tuples[tBase + c]) bound += 2;
        if (bound < best) best = scanGroup(g, bound, qnBase, best);
      }
    }
    out[q] = best;
  }
  return out;
}

export const cpuNearest: NearestKernel = {
  minDistances: async (queries, reference) => minDistancesCpu(queries, reference),
};
