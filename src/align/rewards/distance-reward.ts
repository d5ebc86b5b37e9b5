import { fitDistanceEncoder } from '../../eval/features';
import { cpuNearest } from '../../eval/nearest';
import { evaluationColumns } from '../../eval/table-ops';
import type { Reward } from './reward';

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** d(x): L1 distance to the closest real training record (min-max numerics + one-hot categoricals). */
async function distancesToTrain(rows: Parameters<Reward['score']>[0], context: Parameters<Reward['score']>[1]): Promise<{ d: Float64Array; m: number }> {
  const { train, schema } = context;
  const columns = evaluationColumns(schema, { synthetic: rows, train });
  const encode = fitDistanceEncoder(columns, [train], [train, rows]);
  const d = await cpuNearest.minDistances(encode(rows), encode(train));
  return { d, m: median(d) };
}

/** Privacy polarity (method.md §3): s = min(d, m)/m, so rows that copy real records score low. */
export const distanceReward: Reward = {
  description: 'distance: s = min(d, m)/m, d = L1 distance to the closest training row, m = the round median',
  async score(rows, context) {
    const { d, m } = await distancesToTrain(rows, context);
    return d.map((x) => (m > 0 ? Math.min(x, m) / m : x > 0 ? 1 : 0));
  },
};

/** Fidelity polarity: closer to real records is better, s = 1/(1 + d/m). */
export const proximityReward: Reward = {
  description: 'proximity: s = 1/(1 + d/m), d = L1 distance to the closest training row, m = the round median',
  async score(rows, context) {
    const { d, m } = await distancesToTrain(rows, context);
    return d.map((x) => (m > 0 ? 1 / (1 + x / m) : x > 0 ? 0 : 1));
  },
};
