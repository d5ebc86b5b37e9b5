import { describe, expect, it } from 'vitest';
import { lttb } from './lttb';

const px = (p: [number, number]) => p[0];
const py = (p: [number, number]) => p[1];

describe('lttb', () => {
  it('returns short series unchanged', () => {
    const pts: Array<[number, number]> = [
      [0, 1],
      [1, 2],
      [2, 0],
    ];
    expect(lttb(pts, 10, px, py)).toEqual(pts);
  });

  it('keeps the ends, the requested count, x order, and the spike a uniform stride would miss', () => {
    const pts: Array<[number, number]> = Array.from({ length: 1000 }, (_, i) => [i, i === 503 ? 100 : Math.sin(i / 50)]);
    const out = lttb(pts, 50, px, py);
    expect(out).toHaveLength(50);
    expect(out[0]).toBe(pts[0]);
    expect(out.at(-1)).toBe(pts[999]);
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
    expect(out.some((p) => p[0] === 503)).toBe(true);
  });
});
