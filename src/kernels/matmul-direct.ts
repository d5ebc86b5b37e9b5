import type { Dispatch } from './dispatch';
import { buildMatmulDispatch, type MatmulSpec, type MatmulVariant } from './matmul';
import type { GpuRuntime } from './runtime';
import matmulDirectWgsl from './matmul-direct.wgsl?raw';

const DIRECT: MatmulVariant = { name: 'matmul-direct', wgsl: matmulDirectWgsl, tileM: 64, tileN: 64 };

/**
 * Same contract as createMatmul, computed by matmul-direct.wgsl: 8×8 register blocks read straight
 * from global memory, no workgroup memory and no barriers (CPU adapters without subgroups).
 */
export function createMatmulDirect(rt: GpuRuntime, spec: MatmulSpec): Dispatch {
  return buildMatmulDispatch(rt, spec, DIRECT);
}
