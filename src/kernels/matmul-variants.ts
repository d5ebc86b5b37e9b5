import type { GpuFeatures } from './gpu-context';
import { buildMatmulDispatch, type MatmulFactory, type MatmulVariant } from './matmul';
import matmulWgsl from './matmul.wgsl?raw';
import matmulDirectWgsl from './matmul-direct.wgsl?raw';
import matmulLanesWgsl from './matmul-lanes.wgsl?raw';
import type { GpuRuntime } from './runtime';

/** The matmul variants, one contract (MatmulSpec in matmul.ts); each WGSL body follows matmul-common.wgsl. */
export type MatmulChoice = 'tiled' | 'direct' | 'lanes';

const VARIANTS: Record<MatmulChoice, MatmulVariant> = {
  /** 16×16 invocations × 4×4 registers through workgroup-memory tiles: discrete GPUs. */
  tiled: { name: 'matmul', wgsl: matmulWgsl, tileM: 64, tileN: 64 },
  /** 8×8 register blocks read straight from global memory, no workgroup memory, no barriers: CPU adapters without subgroups. */
  direct: { name: 'matmul-direct', wgsl: matmulDirectWgsl, tileM: 64, tileN: 64 },
  /**
   * The 4 lanes of a subgroup share every value they read through subgroupBroadcast: adapters whose
   * subgroups are exactly 4 wide, such as SwiftShader (GpuFeatures.fourWideSubgroups).
   */
  lanes: { name: 'matmul-lanes', wgsl: matmulLanesWgsl, tileM: 16, tileN: 32, needsSubgroups: true },
};

const factory =
  (variant: MatmulVariant): MatmulFactory =>
  (rt, spec) =>
    buildMatmulDispatch(rt, spec, variant);

export const MATMULS: Record<MatmulChoice, MatmulFactory> = {
  tiled: factory(VARIANTS.tiled),
  direct: factory(VARIANTS.direct),
  lanes: factory(VARIANTS.lanes),
};

/** The variants this adapter can run: lanes needs subgroups exactly 4 wide. */
export function runnableMatmuls(features: GpuFeatures): MatmulChoice[] {
  return features.fourWideSubgroups ? ['tiled', 'direct', 'lanes'] : ['tiled', 'direct'];
}

/** The fastest variant for this adapter. */
export function defaultMatmul(rt: GpuRuntime): MatmulChoice {
  if (!/swiftshader|llvmpipe|warp|cpu/i.test(rt.ctx.adapterName)) return 'tiled';
  return rt.ctx.features.fourWideSubgroups ? 'lanes' : 'direct';
}
