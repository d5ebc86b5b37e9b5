import type { Dispatch } from './dispatch';
import objectiveWgsl from './objective.wgsl?raw';
import { bindAll } from './pipeline-cache';
import type { GpuRuntime } from './runtime';
import { uniformLayout } from './uniform-layout';

export interface ObjectiveKernelSpec {
  groupSize: number;
  policyLogp: GPUBufferBinding;
  referenceLogp: GPUBufferBinding;
  /** Receives g_i = dL/dlogπθ(y_i), 2·groupSize floats. */
  weights: GPUBufferBinding;
  /** Receives [loss, mean Δ high, mean Δ low]. */
  stats: GPUBufferBinding;
}

export interface ObjectiveKernel {
  dispatch: Dispatch;
  /** Objective id as in objective.wgsl, and beta; a small uniform write, no rebuild. */
  configure(objective: number, beta: number): void;
}

/** Params in objective.wgsl. */
export const OBJECTIVE_UNIFORM = uniformLayout<{ objective: number; groupSize: number; beta: number }>([
  ['objective', 'u32'],
  ['groupSize', 'u32'],
  ['beta', 'f32'],
]);

/** The group-relative loss and its per-row weights on the GPU, feeding the weighted backward. */
export function createObjectiveKernel(rt: GpuRuntime, spec: ObjectiveKernelSpec): ObjectiveKernel {
  const pipeline = rt.pipelines.get(objectiveWgsl);
  const uniform = rt.arena.uniform('objective params', new Uint8Array(OBJECTIVE_UNIFORM.bytes));
  const bindGroup = bindAll(rt.device, pipeline, [uniform, spec.policyLogp, spec.referenceLogp, spec.weights, spec.stats], 'objective');
  return {
    dispatch: { label: 'objective', pipeline, bindGroup, workgroups: [1, 1, 1] },
    configure(objective, beta) {
      rt.device.queue.writeBuffer(uniform, 0, OBJECTIVE_UNIFORM.pack({ objective, groupSize: spec.groupSize, beta }));
    },
  };
}
