import { describe, expect, it } from 'vitest';
import { parseRebalance, rebalanceGroups, sampleRebalanced } from './rebalance';
import type { Schema } from './types';

const schema: Schema = {
  version: 1,
  rowCount: 100,
  columns: [
    { name: 'y', kind: 'categorical', categories: ['a', 'b', 'c', 'd:x'], counts: [60, 20, 10, 10], missingShare: 0, flags: [] },
    { name: 'n', kind: 'numeric', integer: true, decimals: 0, min: 0, max: 9, missingShare: 0, flags: [] },
  ],
};

describe('parseRebalance', () => {
  it('reads column, values (split at the last colon) and shares', () => {
    expect(parseRebalance('y=b:0.5,d:x:0.25')).toEqual({
      column: 'y',
      shares: [
        { value: 'b', share: 0.5 },
        { value: 'd:x', share: 0.25 },
      ],
    });
  });
  it('says what is wrong with a malformed request', () => {
    expect(() => parseRebalance('y')).toThrow(/COL=VALUE:SHARE/);
    expect(() => parseRebalance('y=b')).toThrow(/"b" is not VALUE:SHARE/);
    expect(() => parseRebalance('y=b:half')).toThrow(/not VALUE:SHARE/);
  });
});

describe('rebalanceGroups', () => {
  it('gives listed values their share and the rest their real proportions, renormalised', () => {
    const groups = rebalanceGroups(schema, parseRebalance('y=b:0.5'), 1000);
    expect(groups.map((g) => [g.value, g.rows])).toEqual([
      ['a', 375],
      ['b', 500],
      ['c', 63],
      ['d:x', 62],
    ]);
    expect(groups.map((g) => g.realShare)).toEqual([0.6, 0.2, 0.1, 0.1]);
    expect(groups.reduce((s, g) => s + g.rows, 0)).toBe(1000);
    expect(groups[0].share).toBeCloseTo(0.375, 12);
  });
  it('leaves unlisted values out when the listed shares add up to 1', () => {
    const groups = rebalanceGroups(schema, parseRebalance('y=c:0.3,a:0.7'), 10);
    expect(groups.map((g) => g.rows)).toEqual([7, 0, 3, 0]);
  });
  it('refuses what cannot be honoured, with the reason', () => {
    const check = (text: string, message: RegExp) => expect(() => rebalanceGroups(schema, parseRebalance(text), 100)).toThrow(message);
    check('z=a:0.5', /no such column/);
    check('n=1:0.5', /numeric/);
    check('y=e:0.5', /knows only "a", "b", "c", "d:x"/);
    check('y=a:0', /in \(0, 1\]/);
    check('y=a:1.5', /in \(0, 1\]/);
    check('y=a:0.6,b:0.6', /add up to 1\.2/);
    check('y=a:0.5,a:0.2', /listed twice/);
    check('y=a:0.2,b:0.2,c:0.2,d:x:0.2', /no other value/);
  });
});

describe('sampleRebalanced', () => {
  it('samples each group with its value and shuffles the rows together', async () => {
    const groups = rebalanceGroups(schema, parseRebalance('y=b:0.5,c:0.5'), 6);
    const calls: Array<[number, string, number]> = [];
    const table = await sampleRebalanced(
      groups,
      async (rows, value, index) => {
        calls.push([rows, value, index]);
        return { header: ['n', 'y'], columns: [Array.from({ length: rows }, (_, r) => r), new Array(rows).fill(value)] };
      },
      1,
    );
    expect(calls).toEqual([
      [3, 'b', 1],
      [3, 'c', 2],
    ]);
    expect(table.header).toEqual(['n', 'y']);
    expect([...table.columns[1]].sort()).toEqual(['b', 'b', 'b', 'c', 'c', 'c']);
    expect(table.columns[1]).not.toEqual(['b', 'b', 'b', 'c', 'c', 'c']);
  });
});
