import type { GpuFeatures } from './gpu-context';
import { createMatmul, type MatmulFactory } from './matmul';
import { createMatmulDirect } from './matmul-direct';
import { createMatmulLanes } from './matmul-lanes';
import type { GpuRuntime } from './runtime';

/**
 * The matmul variants, one contract: 'tiled' (shared-memory tiles; discrete GPUs), 'direct'
 * (register blocks, no barriers; CPU adapters without subgroups) and 'lanes' (CPU adapters with
 * 4-wide subgroups, such as SwiftShader).
 */
export type MatmulChoice = 'tiled' | 'direct' | 'lanes';

export const MATMULS: Record<MatmulChoice, MatmulFactory> = { tiled: createMatmul, direct: createMatmulDirect, lanes: createMatmulLanes };

/** The variants this adapter can run: lanes needs subgroups exactly 4 wide. */
export function runnableMatmuls(features: GpuFeatures): MatmulChoice[] {
  return features.fourWideSubgroups ? ['tiled', 'direct', 'lanes'] : ['tiled', 'direct'];
}

/** The fastest variant for this adapter. */
export function defaultMatmul(rt: GpuRuntime): MatmulChoice {
  if (!/swiftshader|llvmpipe|warp|cpu/i.test(rt.ctx.adapterName)) return 'tiled';
  return rt.ctx.features.fourWideSubgroups ? 'lanes' : 'direct';
}
