import { type Dispatch, workgroupCount } from './dispatch';
import { bindAll } from './pipeline-cache';
import type { GpuRuntime } from './runtime';
import matmulWgsl from './matmul.wgsl?raw';

/** C = op(A)·op(B) (+ bias) (+ C); op(A) is M×K, op(B) is K×N, all f32 row-major. */
export interface MatmulSpec {
  M: number;
  N: number;
  K: number;
  /** A is stored K×M (use Aᵀ). */
  transA?: boolean;
  /** B is stored N×K (use Bᵀ), e.g. a weight matrix [out, in]. */
  transB?: boolean;
  /** Add into C instead of overwriting it (gradient accumulation). */
  accumulate?: boolean;
  /** Independent products, strides in floats. */
  batch?: number;
  strideA?: number;
  strideB?: number;
  strideC?: number;
  a: GPUBufferBinding;
  b: GPUBufferBinding;
  c: GPUBufferBinding;
  bias?: GPUBufferBinding;
  label?: string;
}

/** Output tile of one workgroup, in both variants (16×16 invocations × 4×4, or 8×8 × 8×8). */
const TILE = 64;

export function matmulFlops(spec: Pick<MatmulSpec, 'M' | 'N' | 'K' | 'batch'>): number {
  return 2 * spec.M * spec.N * spec.K * (spec.batch ?? 1);
}

/** Builds the dispatch once; replay it every step. Shared-memory tiles: the variant for discrete GPUs. */
export function createMatmul(rt: GpuRuntime, spec: MatmulSpec): Dispatch {
  return buildMatmulDispatch(rt, spec, matmulWgsl, 'matmul');
}

/** The uniform, pipeline and bind group every matmul variant shares (same bindings, same overrides). */
export function buildMatmulDispatch(rt: GpuRuntime, spec: MatmulSpec, wgsl: string, name: string): Dispatch {
  const batch = spec.batch ?? 1;
  const label = spec.label ?? `${name} ${spec.M}x${spec.N}x${spec.K}`;
  const pipeline = rt.pipelines.get(wgsl, {
    TRANS_A: !!spec.transA,
    TRANS_B: !!spec.transB,
    HAS_BIAS: !!spec.bias,
    ACCUMULATE: !!spec.accumulate,
  });
  const dims = new Uint32Array([
    spec.M, spec.N, spec.K, batch,
    spec.strideA ?? spec.M * spec.K, spec.strideB ?? spec.K * spec.N, spec.strideC ?? spec.M * spec.N, 0,
  ]);
  const uniform = rt.arena.uniform(`${label} dims`, dims);
  const bindGroup = bindAll(rt.device, pipeline, [uniform, spec.a, spec.b, spec.bias ?? rt.unused, spec.c], label);
  return { label, pipeline, bindGroup, workgroups: [workgroupCount(spec.N, TILE), workgroupCount(spec.M, TILE), batch] };
}
