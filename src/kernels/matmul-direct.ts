import type { Dispatch } from './dispatch';
import { buildMatmulDispatch, type MatmulSpec } from './matmul';
import type { GpuRuntime } from './runtime';
import matmulDirectWgsl from './matmul-direct.wgsl?raw';

/**
 * Same contract as createMatmul, computed by matmul-direct.wgsl: 8×8 register blocks read straight
 * from global memory, no workgroup memory and no barriers (the fast variant on CPU adapters).
 */
export function createMatmulDirect(rt: GpuRuntime, spec: MatmulSpec): Dispatch {
  return buildMatmulDispatch(rt, spec, matmulDirectWgsl, 'matmul-direct');
}
