import { describe, expect, it } from 'vitest';
import { comparePairs } from './compare-pairs';

const names = (pairs: Array<{ method: string; reward: string }>) => pairs.map((p) => `${p.method}/${p.reward}`);

describe('compare: which method/reward pairs run', () => {
  it('by default: the references, each sampling method and TabGRAA with its own reward and the random falsifier', () => {
    const pairs = names(comparePairs({}));
    expect(pairs.slice(0, 2)).toEqual(['none/na', 'sft-continue/na']);
    for (const p of ['filter/classifier', 'filter/random', 'resample/realness', 'resample/random', 'tabgraa/classifier', 'tabgraa/random'])
      expect(pairs).toContain(p);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('--pairs runs exactly those; reward-free methods take "na" whatever was written', () => {
    expect(names(comparePairs({ pairs: 'none, resample/realness,sft-continue/classifier' }))).toEqual(['none/na', 'resample/realness', 'sft-continue/na']);
  });

  it('--methods × --rewards, either defaulting', () => {
    expect(names(comparePairs({ methods: 'none,filter', rewards: 'classifier,realness' }))).toEqual(['none/na', 'filter/classifier', 'filter/realness']);
    expect(names(comparePairs({ rewards: 'random' }))).toContain('resample/random');
    expect(names(comparePairs({ methods: 'tabgraa' }))).toEqual(['tabgraa/classifier', 'tabgraa/random']);
  });

  it('says what is wrong: unknown names, an empty list, --pairs together with --methods', () => {
    expect(() => comparePairs({ pairs: 'filtre/classifier' })).toThrow(/unknown "filtre".*filter/);
    expect(() => comparePairs({ pairs: 'filter/forest' })).toThrow(/unknown "forest"/);
    expect(() => comparePairs({ methods: ' , ' })).toThrow(/--methods is empty/);
    expect(() => comparePairs({ pairs: 'none', methods: 'filter' })).toThrow(/not both/);
  });
});
