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
  /** Objective id as in objective.wgsl, beta and the anchor weights; a small uniform write, no rebuild. */
  configure(objective: number, beta: number, anchors: ObjectiveAnchors): void;
}

/** Weights of the terms objective.wgsl adds to every objective (0 = off). */
export interface ObjectiveAnchors {
  /** ½·mean Δ² over the minibatch: a squared log-ratio pull toward the frozen SFT model. */
  klWeight: number;
  /** −mean logπθ over the high group: supervised steps on the round's best rows. */
  highNllWeight: number;
}

/** Params in objective.wgsl. */
export const OBJECTIVE_UNIFORM = uniformLayout<{ objective: number; groupSize: number; beta: number } & ObjectiveAnchors>([
  ['objective', 'u32'],
  ['groupSize', 'u32'],
  ['beta', 'f32'],
  ['klWeight', 'f32'],
  ['highNllWeight', 'f32'],
]);

/** The group-relative loss and its per-row weights on the GPU, feeding the weighted backward. */
export function createObjectiveKernel(rt: GpuRuntime, spec: ObjectiveKernelSpec): ObjectiveKernel {
  const pipeline = rt.pipelines.get(objectiveWgsl);
  const uniform = rt.arena.uniform('objective params', new Uint8Array(OBJECTIVE_UNIFORM.bytes));
  const bindGroup = bindAll(rt.device, pipeline, [uniform, spec.policyLogp, spec.referenceLogp, spec.weights, spec.stats], 'objective');
  return {
    dispatch: { label: 'objective', pipeline, bindGroup, workgroups: [1, 1, 1] },
    configure(objective, beta, anchors) {
      const { klWeight, highNllWeight } = anchors;
      rt.device.queue.writeBuffer(uniform, 0, OBJECTIVE_UNIFORM.pack({ objective, groupSize: spec.groupSize, beta, klWeight, highNllWeight }));
    },
  };
}
