import { type Dispatch, workgroupCount } from './dispatch';
import matmulCommonWgsl from './matmul-common.wgsl?raw';
import { bindAll } from './pipeline-cache';
import type { GpuRuntime } from './runtime';

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
  /** First float of product 0 in A, B and C (default 0; unlike a binding offset, need not be aligned). */
  offsetA?: number;
  offsetB?: number;
  offsetC?: number;
  /** Floats between consecutive stored rows of A, B and C (default: packed). */
  lda?: number;
  ldb?: number;
  ldc?: number;
  /** Independent products, strides in floats. */
  batch?: number;
  strideA?: number;
  strideB?: number;
  strideC?: number;
  /**
   * Two-axis batch: product z starts at ⌊z / innerBatch⌋·outerStride + (z mod innerBatch)·stride
   * (default innerBatch = batch, a single axis).
   */
  innerBatch?: number;
  outerStrideA?: number;
  outerStrideB?: number;
  outerStrideC?: number;
  a: GPUBufferBinding;
  b: GPUBufferBinding;
  c: GPUBufferBinding;
  bias?: GPUBufferBinding;
  label?: string;
}

/** Any matmul variant: builds one product's dispatch. */
export type MatmulFactory = (rt: GpuRuntime, spec: MatmulSpec) => Dispatch;

/** One matmul kernel: its WGSL body (after matmul-common.wgsl) and the C tile of one workgroup. */
export interface MatmulVariant {
  name: string;
  wgsl: string;
  tileM: number;
  tileN: number;
  needsSubgroups?: boolean;
}

/** The uniform, pipeline and bind group every matmul variant shares (same bindings, same overrides); replay it every step. */
export function buildMatmulDispatch(rt: GpuRuntime, spec: MatmulSpec, variant: MatmulVariant): Dispatch {
  const batch = spec.batch ?? 1;
  const label = spec.label ?? `${variant.name} ${spec.M}x${spec.N}x${spec.K}`;
  const workgroups = [workgroupCount(spec.N, variant.tileN), workgroupCount(spec.M, variant.tileM), batch] as const;
  const maxPerDim = rt.device.limits.maxComputeWorkgroupsPerDimension;
  if (Math.max(...workgroups) > maxPerDim) {
    throw new RangeError(`${label} needs ${workgroups.join(' × ')} workgroups, beyond this GPU's ${maxPerDim} per dimension. Use a smaller batch or model.`);
  }
  const code = `${variant.needsSubgroups ? 'enable subgroups;\n' : ''}${matmulCommonWgsl}\n${variant.wgsl}`;
  const pipeline = rt.pipelines.get(code, {
    TRANS_A: !!spec.transA,
    TRANS_B: !!spec.transB,
    HAS_BIAS: !!spec.bias,
    ACCUMULATE: !!spec.accumulate,
  });
  const { M, N, K } = spec;
  const dims = new Uint32Array([
    M,
    N,
    K,
    spec.innerBatch ?? batch,
    spec.strideA ?? M * K,
    spec.strideB ?? K * N,
    spec.strideC ?? M * N,
    spec.lda ?? (spec.transA ? M : K),
    spec.outerStrideA ?? 0,
    spec.outerStrideB ?? 0,
    spec.outerStrideC ?? 0,
    spec.ldb ?? (spec.transB ? K : N),
    spec.ldc ?? N,
    spec.offsetA ?? 0,
    spec.offsetB ?? 0,
    spec.offsetC ?? 0,
  ]);
  const uniform = rt.arena.uniform(`${label} dims`, dims);
  const bindGroup = bindAll(rt.device, pipeline, [uniform, spec.a, spec.b, spec.bias ?? rt.unused, spec.c], label);
  return { label, pipeline, bindGroup, workgroups };
}
