import { type Dispatch, workgroupCount } from './dispatch';
import type { MatmulSpec } from './matmul';
import { bindAll } from './pipeline-cache';
import type { GpuRuntime } from './runtime';
import matmulDirectWgsl from './matmul-direct.wgsl?raw';

/** Output tile of one workgroup: 8×8 invocations, each an 8×8 register block. */
const TILE = 64;

/**
 * Same contract as createMatmul, computed by matmul-direct.wgsl: register blocks read straight
 * from global memory, no workgroup memory and no barriers (the fast variant on CPU adapters).
 */
export function createMatmulDirect(rt: GpuRuntime, spec: MatmulSpec): Dispatch {
  const batch = spec.batch ?? 1;
  const label = spec.label ?? `matmul-direct ${spec.M}x${spec.N}x${spec.K}`;
  const pipeline = rt.pipelines.get(matmulDirectWgsl, {
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
