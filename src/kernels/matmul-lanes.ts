import type { Dispatch } from './dispatch';
import { buildMatmulDispatch, type MatmulSpec, type MatmulVariant } from './matmul';
import type { GpuRuntime } from './runtime';
import matmulLanesWgsl from './matmul-lanes.wgsl?raw';

const LANES: MatmulVariant = { name: 'matmul-lanes', wgsl: matmulLanesWgsl, tileM: 16, tileN: 32, needsSubgroups: true };

/**
 * Same contract as createMatmul, computed by matmul-lanes.wgsl: the 4 lanes of a subgroup share
 * every value they read through subgroupBroadcast. Only for adapters whose subgroups are exactly
 * 4 wide (SwiftShader); see hasFourWideSubgroups.
 */
export function createMatmulLanes(rt: GpuRuntime, spec: MatmulSpec): Dispatch {
  return buildMatmulDispatch(rt, spec, LANES);
}
