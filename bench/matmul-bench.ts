import type { MatmulFactory } from '../src/kernels/matmul';
import type { GpuRuntime } from '../src/kernels/runtime';
import { type MatmulShape, shapeFlops } from './shapes';
import { timeRepeated } from './timing';

export interface MatmulKernel {
  name: string;
  create: MatmulFactory;
}

export interface MatmulResult {
  kernel: string;
  shape: string;
  M: number;
  N: number;
  K: number;
  batch: number;
  transA: boolean;
  transB: boolean;
  perStep: number;
  /** Median seconds of one product (one submit, awaited with onSubmittedWorkDone). */
  seconds: number;
  gflops: number;
  reps: number;
}

export interface MatmulBenchOptions {
  minSeconds: number;
  minReps: number;
}

/** Benchmark inputs in [-1, 1]; their values do not matter, only that they are not denormal. */
function benchInput(count: number): Float32Array {
  return new Float32Array(count).map((_, i) => ((i * 7919) % 2001) / 1000 - 1);
}

/** Times one kernel on one shape: one dispatch per submit, warm-up first, inputs in [-1, 1). */
export async function benchMatmul(rt: GpuRuntime, kernel: MatmulKernel, shape: MatmulShape, opts: MatmulBenchOptions): Promise<MatmulResult> {
  const batch = shape.batch ?? 1;
  const { M, N, K } = shape;
  const a = rt.arena.upload(`${shape.name} A`, benchInput(batch * M * K));
  const b = rt.arena.upload(`${shape.name} B`, benchInput(batch * K * N));
  const c = rt.arena.storage(`${shape.name} C`, batch * M * N * 4);
  const dispatch = kernel.create(rt, { ...shape, a: { buffer: a }, b: { buffer: b }, c: { buffer: c } });
  const timing = await timeRepeated(
    () => {
      rt.recorder.submit([dispatch]);
      return rt.device.queue.onSubmittedWorkDone();
    },
    { warmup: 1, minReps: opts.minReps, minSeconds: opts.minSeconds },
  );
  for (const buffer of [a, b, c]) buffer.destroy();
  return {
    kernel: kernel.name,
    shape: shape.name,
    M,
    N,
    K,
    batch,
    transA: !!shape.transA,
    transB: !!shape.transB,
    perStep: shape.perStep,
    seconds: timing.median,
    gflops: shapeFlops(shape) / timing.median / 1e9,
    reps: timing.seconds.length,
  };
}

/**
 * Throughput of one kernel over a whole training step's products, each weighted by how often a
 * step runs it: total FLOPs / total time. This is the ceiling train_fraction_of_matmul compares to.
 */
export function stepWeightedGflops(results: MatmulResult[]): number | null {
  const used = results.filter((r) => r.perStep > 0);
  if (used.length === 0) return null;
  const flops = used.reduce((s, r) => s + shapeFlops(r) * r.perStep, 0);
  const seconds = used.reduce((s, r) => s + r.seconds * r.perStep, 0);
  return flops / seconds / 1e9;
}
