import { shuffleInPlace } from '../data/rng';

/** High and low groups of a round (method.md §2): top q·N and bottom q·N rows by reward. */
export interface Groups {
  /** Row indices, best first. */
  high: number[];
  /** Row indices, worst first. */
  low: number[];
}

export function splitGroups(rewards: ArrayLike<number>, share: number): Groups {
  if (!(share > 0 && share <= 0.5)) throw new Error(`The group share q must be in (0, 0.5], got ${share}.`);
  const order = Array.from({ length: rewards.length }, (_, i) => i).sort((a, b) => rewards[b] - rewards[a] || a - b);
  const size = Math.floor(share * rewards.length);
  return { high: order.slice(0, size), low: order.slice(order.length - size).reverse() };
}

export function groupLabels(n: number, groups: Groups): Array<'high' | 'low' | 'middle'> {
  const labels = new Array<'high' | 'low' | 'middle'>(n).fill('middle');
  for (const i of groups.high) labels[i] = 'high';
  for (const i of groups.low) labels[i] = 'low';
  return labels;
}

/**
 * Minibatches for one epoch over the high group: G high rows and G low rows each, drawn by a
 * seeded shuffle. Within a minibatch, high rows are sorted best-first and low rows worst-first,
 * so DPO's pair i is "best with worst" as in the method.
 */
export function groupMinibatches(groups: Groups, groupSize: number, rng: () => number): Array<{ high: number[]; low: number[] }> {
  const size = Math.min(groups.high.length, groups.low.length);
  if (size < groupSize) {
    throw new Error(`Each group has ${size} rows but a minibatch needs ${groupSize}: sample more rows per round or lower the group size.`);
  }
  const rankHigh = new Map(groups.high.map((row, rank) => [row, rank]));
  const rankLow = new Map(groups.low.map((row, rank) => [row, rank]));
  const high = shuffleInPlace(groups.high.slice(0, size), rng);
  const low = shuffleInPlace(groups.low.slice(0, size), rng);
  const batches: Array<{ high: number[]; low: number[] }> = [];
  for (let start = 0; start + groupSize <= size; start += groupSize) {
    batches.push({
      high: high.slice(start, start + groupSize).sort((a, b) => rankHigh.get(a)! - rankHigh.get(b)!),
      low: low.slice(start, start + groupSize).sort((a, b) => rankLow.get(a)! - rankLow.get(b)!),
    });
  }
  return batches;
}
