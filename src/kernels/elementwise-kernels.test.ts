import { describe, expect, it } from 'vitest';
import { createColumnSum } from './column-sum';
import { createGeluBackward, createGeluForward } from './gelu';
import { geluBackward, geluForward } from './reference-ops';
import { F32_U, normwiseError, runAndRead, upload } from './test-compare';
import { seededFloats, testRuntime } from './test-gpu';

describe('GELU and column-sum kernels vs float64', () => {
  // 1000 values in [-6, 6): both tails and the curved middle; tanh and exp cost a few ulps.
  const count = 1000;
  const x = seededFloats(count, 1).map((v) => 6 * v);

  it('GELU forward', async () => {
    const rt = await testRuntime();
    const out = rt.arena.storage('y', count * 4);
    const [gpu] = await runAndRead(rt, [createGeluForward(rt, count, { x: upload(rt, x), out })], [out]);
    expect(normwiseError(gpu, geluForward(x))).toBeLessThan(16 * F32_U);
  });

  it('GELU backward, in place', async () => {
    const rt = await testRuntime();
    const dy = seededFloats(count, 2);
    const grad = upload(rt, dy);
    const [gpu] = await runAndRead(rt, [createGeluBackward(rt, count, { x: upload(rt, x), grad })], [grad]);
    expect(normwiseError(gpu, geluBackward(dy, x))).toBeLessThan(16 * F32_U);
  });

  it('column sum of a 301×67 matrix', async () => {
    const rt = await testRuntime();
    const rows = 301,
      cols = 67;
    const m = seededFloats(rows * cols, 3);
    const out = rt.arena.storage('sum', cols * 4);
    const [gpu] = await runAndRead(rt, [createColumnSum(rt, rows, cols, { m: upload(rt, m), out })], [out]);
    const ref = Array.from({ length: cols }, (_, j) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += m[r * cols + j];
      return s;
    });
    expect(normwiseError(gpu, ref)).toBeLessThan(4 * rows * F32_U);
  });
});
