import { createRng } from '../../data/rng';
import type { Reward } from './reward';

/** The falsifier: scores independent of the row. Alignment on it must not beat SFT. */
export const randomReward: Reward = {
  description: 'random: s ~ Uniform(0, 1), independent of the row (control)',
  async score(rows, { seed }) {
    const rng = createRng(seed);
    const n = rows.columns[0]?.length ?? 0;
    return Float64Array.from({ length: n }, () => rng());
  },
};
