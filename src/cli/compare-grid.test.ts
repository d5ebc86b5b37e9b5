import { describe, expect, it } from 'vitest';
import { cellName, gridCells, MARGINALS, parseShard, shardSlice } from './compare-grid';

describe("compare's grid and shards", () => {
  const pairs = [
    { method: 'none', reward: 'na' },
    { method: 'tabgraa', reward: 'classifier' },
    { method: 'filter', reward: 'classifier' },
  ];

  it('lists seed-major cells, the marginals baseline first per seed', () => {
    const cells = gridCells([1, 2], pairs);
    expect(cells.map(cellName)).toEqual([
      `${MARGINALS}-na-seed1`,
      'none-na-seed1',
      'tabgraa-classifier-seed1',
      'filter-classifier-seed1',
      `${MARGINALS}-na-seed2`,
      'none-na-seed2',
      'tabgraa-classifier-seed2',
      'filter-classifier-seed2',
    ]);
  });

  it('splits any grid into N contiguous blocks that cover every cell exactly once', () => {
    for (const length of [0, 1, 7, 8, 40]) {
      for (const count of [1, 2, 3, 8, 50]) {
        const items = Array.from({ length }, (_, i) => i);
        const blocks = Array.from({ length: count }, (_, index) => shardSlice(items, { index, count }));
        expect(blocks.flat()).toEqual(items);
        const sizes = blocks.map((b) => b.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('parses K/N (0-based) and says what is wrong otherwise', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '1/0', '1', '-1/3', 'a/b', '1/2/3']) expect(() => parseShard(bad)).toThrow(/--shard must be K\/N/);
  });
});
