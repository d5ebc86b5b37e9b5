import { describe, expect, it } from 'vitest';
import { groupLabels, groupMinibatches, splitGroups } from './groups';

describe('high/low groups', () => {
  it('takes the top and bottom q·N rows by reward', () => {
    const rewards = [0.1, 0.9, 0.5, 0.3, 0.7, 0.2];
    const groups = splitGroups(rewards, 0.5);
    expect(groups.high).toEqual([1, 4, 2]);
    expect(groups.low).toEqual([0, 5, 3]);
    expect(groupLabels(6, splitGroups(rewards, 1 / 3))).toEqual(['low', 'high', 'middle', 'middle', 'high', 'low']);
  });

  it('rejects a share outside (0, 0.5]', () => {
    expect(() => splitGroups([1, 2], 0.7)).toThrow(/share q/);
  });

  it('minibatches pair best high rows with worst low rows and cover the group once', () => {
    const rewards = Array.from({ length: 40 }, (_, i) => i);
    const groups = splitGroups(rewards, 0.5);
    let seed = 1;
    const rng = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const batches = groupMinibatches(groups, 4, rng);
    expect(batches).toHaveLength(5);
    const seen = batches.flatMap((b) => b.high);
    expect(new Set(seen).size).toBe(20);
    for (const b of batches) {
      expect(b.high.map((i) => rewards[i])).toEqual([...b.high.map((i) => rewards[i])].sort((x, y) => y - x));
      expect(b.low.map((i) => rewards[i])).toEqual([...b.low.map((i) => rewards[i])].sort((x, y) => x - y));
    }
  });

  it('says what to do when a group is smaller than a minibatch', () => {
    expect(() => groupMinibatches(splitGroups([1, 2, 3, 4], 0.5), 4, Math.random)).toThrow(/sample more rows/);
  });
});
