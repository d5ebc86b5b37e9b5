import type { StepOp } from './dispatch';
import { withErrorScope } from './error-scope';
import { readFloats } from './readback';
import type { GpuRuntime } from './runtime';

/** Unit roundoff of f32. */
export const F32_U = 2 ** -24;

/**
 * Normwise relative error max|gpu − ref| / max|ref|. An f32 reduction of n terms errs by at most
 * gamma_n·Σ|terms| (Higham); on the O(1)-conditioned random inputs of these tests that stays within
 * a small multiple of n·u·max|ref|, while a wrong index or a dropped term costs about 1/n.
 */
export function normwiseError(gpu: ArrayLike<number>, ref: ArrayLike<number>): number {
  // GPU buffers are padded to 16 bytes: compare the reference's length.
  if (gpu.length < ref.length) throw new Error(`GPU result has ${gpu.length} values, the reference ${ref.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(gpu[i] - ref[i]));
    if (Number.isNaN(gpu[i])) return Infinity;
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return diff / Math.max(scale, Number.MIN_VALUE);
}

/** Submits ops once, failing on any validation error, then reads the named buffers back. */
export async function runAndRead(rt: GpuRuntime, ops: StepOp[], buffers: GPUBuffer[]): Promise<Float32Array[]> {
  await withErrorScope(rt.device, () => rt.recorder.submit(ops));
  return Promise.all(buffers.map((b) => readFloats(rt.device, b)));
}

export function upload(rt: GpuRuntime, data: ArrayLike<number>, label = 'test input'): GPUBuffer {
  return rt.arena.upload(label, Float32Array.from(data));
}
